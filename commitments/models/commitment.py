from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import connections, models
from django.db.models import Q
from django.db.models.functions import Coalesce, Least
from django.utils import timezone

from hiring.models import LEAD_ROLES, HiringTeamMember, Requisition
from outbox.delivery import cancel_emails
from outbox.models import OutboundEmail

from ..business_time import BusinessCalendar
from ..service_terms import CommitmentKind, Party


class Step(models.IntegerChoices):
    """The reminder ladder of one commitment, in order; each goes out at most once."""

    NUDGE = 1, "Nudge"
    REMINDER = 2, "Reminder"
    ESCALATION = 3, "Escalation"
    SECOND_ESCALATION = 4, "Second escalation"


def cancel_waiting_emails(ids, *, reason: str) -> None:
    """Reminder emails of these commitments still waiting (quiet hours, retries) are
    cancelled, not sent: the commitment was closed without being met."""
    Reminder = Commitment.reminders.field.model  # noqa: N806 — defined beside, not above
    waiting = Reminder.objects.filter(
        commitment__in=ids, email_state=Reminder.Email.OUTBOX, email__isnull=False
    ).values("email")
    cancel_emails(OutboundEmail.objects.filter(pk__in=waiting), reason=reason)


class CommitmentQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state=Commitment.State.OPEN)

    def overdue(self, now=None):
        """Open, running and past the deadline: a paused clock is not late."""
        return self.open().filter(paused_at__isnull=True, due_at__lt=now or timezone.now())

    def running(self):
        return self.open().filter(paused_at__isnull=True)

    def paused(self):
        return self.open().filter(paused_at__isnull=False)

    def withdraw(self, *, reason: str, now=None) -> int:
        """Close these open rows without blame (a search closed, a superseded version, a
        cancelled meeting): kept out of on-time figures, nothing more is sent for them —
        reminder emails still waiting (quiet hours, retries) are cancelled, not sent."""
        ids = list(self.open().values_list("pk", flat=True))
        if not ids:
            return 0
        withdrawn = Commitment.objects.filter(pk__in=ids).update(
            state=Commitment.State.WITHDRAWN,
            withdrawn_at=now or timezone.now(),
            withdrawn_reason=reason[:300],
            next_step_at=None,
        )
        cancel_waiting_emails(ids, reason="its commitment was withdrawn")
        return withdrawn

    def waive(self, *, waived_by, reason: str, now=None) -> int:
        """Release the owners with a reason given by someone entitled to (see the ledger)."""
        return self.open().update(
            state=Commitment.State.WAIVED,
            waived_at=now or timezone.now(),
            waived_by=waived_by,
            waived_reason=reason[:300],
            next_step_at=None,
        )

    def settled_newest_first(self):
        """Met, waived or withdrawn, the latest first (commitment_settled_req_idx)."""
        return (
            self.exclude(state=Commitment.State.OPEN)
            .annotate(settled_at=Coalesce("met_at", "waived_at", "withdrawn_at"))
            .order_by(Coalesce("met_at", "waived_at", "withdrawn_at").desc(), "-pk")
        )

    def owed_by(self, user):
        return self.filter(owner=user)

    def awaited_by(self, user):
        """What `user` is waiting for: open commitments someone else owes on the searches
        where `user` holds a lead part (recruiter, HR generalist, hiring manager) — whose
        court the ball is in. Served by commitment_open_req_idx."""
        mine = HiringTeamMember.objects.filter(user=user, role__in=LEAD_ROLES)
        return self.open().filter(requisition__in=mine.values("requisition")).exclude(owner=user)

    def for_subject(self, subject):
        return self.filter(
            subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk
        )

    def move_along_ladders(self, commitments) -> int:
        """Write `last_step` and `next_step_at` of these (already claimed) rows in one
        UPDATE … FROM unnest(…): `bulk_update` builds a CASE of 2 × n branches, which took
        a quarter of the sweep's time on a batch of 500."""
        rows = [c for c in commitments if c.pk is not None]
        if not rows:
            return 0
        connection = connections[self.db]
        if connection.vendor != "postgresql":  # the zero-setup SQLite: no arrays
            return self.bulk_update(rows, ["last_step", "next_step_at"])
        table = self.model._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} AS c SET last_step = v.last_step, "
                "next_step_at = v.next_step_at "
                "FROM unnest(%s::bigint[], %s::smallint[], %s::timestamptz[]) "
                "AS v(id, last_step, next_step_at) WHERE c.id = v.id",
                [
                    [c.pk for c in rows],
                    [c.last_step for c in rows],
                    [c.next_step_at for c in rows],
                ],
            )
            return cursor.rowcount

    def ladder_due(self, now):
        """Open commitments with a reminder step due: served by commitment_ladder_due_idx."""
        return self.filter(state=Commitment.State.OPEN, next_step_at__lte=now)


class Commitment(models.Model):
    """One promise with an owner and a deadline: the unit of accountability.

    Opened and met by domain functions in `commitments.ledger`, never by hand. The ladder
    times are fixed when it is opened, in business time; `next_step_at` is the earliest one
    not yet sent, so the sweep reads one indexed column.
    """

    class State(models.TextChoices):
        OPEN = "open", "Open"
        MET = "met", "Met"
        WAIVED = "waived", "Waived"
        # Closed without blame because it no longer makes sense (the search was filled or
        # cancelled, the version superseded): not met, not waived, out of on-time figures.
        WITHDRAWN = "withdrawn", "Withdrawn"
        # Its owner said "not mine" and whoever's part it is accepted the reason (issue 18):
        # closed, out of on-time figures, a category of its own. `waived_*` say who accepted,
        # when and why, so it sorts and counts with the waived ones' moment.
        DECLINED = "declined", "Declined by its owner"

    kind = models.CharField(max_length=30, choices=CommitmentKind.choices)
    requisition = models.ForeignKey(
        Requisition, on_delete=models.CASCADE, related_name="commitments"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="commitments"
    )
    party = models.CharField(max_length=20, choices=Party.choices)
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT)
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    title = models.CharField(max_length=200)
    url = models.CharField(max_length=300, help_text="The page where the owner fulfils it.")

    started_at = models.DateTimeField()
    due_at = models.DateTimeField()
    nudge_at = models.DateTimeField(null=True, blank=True)
    escalate_at = models.DateTimeField()
    second_escalate_at = models.DateTimeField()
    next_step_at = models.DateTimeField(null=True, blank=True)
    last_step = models.PositiveSmallIntegerField(default=0)

    state = models.CharField(max_length=10, choices=State.choices, default=State.OPEN)
    met_at = models.DateTimeField(null=True, blank=True)
    waived_at = models.DateTimeField(null=True, blank=True)
    waived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    waived_reason = models.CharField(max_length=300, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.CharField(max_length=300, blank=True)
    # While the search is on hold the clock stops: `paused_at` is set, `next_step_at` is
    # NULL (out of the sweep's index) and `paused_remaining` keeps the business time that
    # was left (negative: how late it already was). Reopening recomputes the ladder.
    paused_at = models.DateTimeField(null=True, blank=True)
    paused_remaining = models.DurationField(null=True, blank=True)
    # Business time the clock stood still (the search on hold), added up at each resume:
    # never counted in how long it took to meet (insights.figures).
    paused_for = models.DurationField(default=timedelta(0))
    # Business time from `started_at` to `met_at` with the paused time taken out, fixed by
    # `commitments.ledger.meet_commitments` in the statement that meets it.
    met_in = models.DurationField(null=True, blank=True)
    # Who held it when its deadline passed, when that is not `owner`: a hand-over after the
    # deadline leaves the lateness with the predecessor (commitments.handover). The figures
    # count every commitment for `answerable_id`.
    late_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # Who said "not mine" (issue 18): set while the decline waits and once it is accepted;
    # cleared when the receiver gives it back.
    declined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # How many times its deadline was moved by an accepted "I need more time", and the
    # deadline first agreed: an extended commitment is counted against its new date.
    extensions = models.PositiveSmallIntegerField(default=0)
    # Paused because its owner is away with nobody who may hold it (commitments.absences):
    # resumed on their return.
    paused_for_absence = models.BooleanField(default=False)
    first_due_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = CommitmentQuerySet.as_manager()

    class Meta:
        ordering = ["due_at", "pk"]
        constraints = [
            # Opening the same promise twice (a retried request, two clicks) returns the
            # first: at most one open commitment per kind, subject and owner.
            models.UniqueConstraint(
                fields=["kind", "subject_type", "subject_id", "owner"],
                condition=Q(state="open"),
                name="commitment_one_open_per_subject_owner",
            ),
        ]
        indexes = [
            # commitments.sweep.sweep_batch: open rows whose next ladder step is due. Only
            # open rows with a step left are in it, so it stays small however many
            # commitments were ever made.
            models.Index(
                fields=["next_step_at"],
                name="commitment_ladder_due_idx",
                condition=Q(state="open", next_step_at__isnull=False),
            ),
            # "Waiting on me" and the overview's overdue counts.
            models.Index(
                fields=["owner", "due_at"],
                name="commitment_open_owner_idx",
                condition=Q(state="open"),
            ),
            models.Index(
                fields=["requisition", "due_at"],
                name="commitment_open_req_idx",
                condition=Q(state="open"),
            ),
            models.Index(fields=["subject_type", "subject_id"], name="commitment_subject_idx"),
            # commitments.views.requisition_commitments: a search's settled commitments,
            # newest first, a page at a time (Commitment.objects.settled_newest_first).
            models.Index(
                "requisition",
                Coalesce("met_at", "waived_at", "withdrawn_at").desc(),
                name="commitment_settled_req_idx",
                condition=~Q(state="open"),
            ),
            # insights.figures.on_time.counted_commitments (its statistics: migration 0010).
            models.Index(
                Least("due_at", Coalesce("met_at", "waived_at", "due_at")),
                name="commitment_settled_at_idx",
                condition=~Q(state="withdrawn"),
            ),
            # insights.figures.searches.time_to_shortlist: the first shortlists met in a
            # period (a few thousand of 300,000 commitments at the large employer: a
            # scan of the table took 70 ms).
            models.Index(
                fields=["met_at"],
                name="commitment_shortlist_met_idx",
                condition=Q(kind="present_shortlist", state="met"),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_overdue(self) -> bool:
        return (
            self.state == self.State.OPEN
            and self.paused_at is None
            and self.due_at < timezone.now()
        )

    @property
    def acting_url(self) -> str:
        """Where its owner acts on it now: its own page while a "not mine" waits for the new
        owner's answer (accept the reason or give it back there: a declined signature is not
        theirs to sign yet), else the page that fulfils it. Reminders link here."""
        if self.declined_by_id is not None and self.state == self.State.OPEN:
            return f"/commitments/{self.pk}/"
        return self.url

    def link_for(self, user, *, reads_journal: bool) -> str:
        """Where `user` follows it from a page others share (a check-in's agenda): its
        owner to where they act on it (`acting_url`); whoever declined it and the search's
        leads (`reads_journal`) to its own page; anyone else nowhere ("" — the page that
        fulfils it is the owner's, and its own page is between the owner and the leads)."""
        if user.pk == self.owner_id:
            return self.acting_url
        if user.pk == self.declined_by_id or reads_journal:
            return f"/commitments/{self.pk}/"
        return ""

    @property
    def is_paused(self) -> bool:
        return self.state == self.State.OPEN and self.paused_at is not None

    @property
    def answerable_id(self) -> int:
        """Whose figure it is: whoever held it when its deadline passed (see `late_owner`)."""
        return self.late_owner_id or self.owner_id

    def business_time_to(self, moment, calendar: BusinessCalendar) -> timedelta:
        """Business time from `started_at` to `moment` with the time its clock stood still
        (the search on hold, up to `moment`) taken out: how long it took, if met then."""
        paused = self.paused_for or timedelta(0)
        if self.paused_at is not None and moment > self.paused_at:
            paused += calendar.between(self.paused_at, moment)
        return max(timedelta(0), calendar.between(self.started_at, moment) - paused)

    def is_late_at(self, now) -> bool:
        """Past its deadline at `now`: a running clock past `due_at`, or a paused one that
        was already late when it stopped."""
        if self.paused_at is not None:
            return (self.paused_remaining or timedelta(0)) < timedelta(0)
        return self.due_at < now

    def ladder(self) -> list[tuple[int, object]]:
        steps = [
            (Step.NUDGE, self.nudge_at),
            (Step.REMINDER, self.due_at),
            (Step.ESCALATION, self.escalate_at),
            (Step.SECOND_ESCALATION, self.second_escalate_at),
        ]
        return [(step, at) for step, at in steps if at is not None]

    def step_due(self, now) -> int | None:
        """The highest step due now and not yet sent. After downtime only that one goes out:
        a nudge that would arrive after the escalation is noise."""
        due = [step for step, at in self.ladder() if at <= now and step > self.last_step]
        return max(due) if due else None

    def next_step_after(self, step: int):
        later = [at for s, at in self.ladder() if s > step]
        return min(later) if later else None

    def can_be_waived_by(self, user) -> bool:
        """HR, admins, or the counterpart party on this search (DESIGN: "Waived only with
        a reason, by HR or the counterpart")."""
        if self.state != self.State.OPEN or user.pk == self.owner_id:
            return False
        if user.is_admin:
            return True
        roles = self.requisition.roles_of(user)
        if Party.HR_GENERALIST in roles:
            return True
        return bool(roles & set(counterpart_parties(self.party)))

    def overdue_by(self, now=None) -> timedelta:
        return max(timedelta(0), (now or timezone.now()) - self.due_at)


def counterpart_parties(party: str) -> tuple[str, ...]:
    """Who is on the other side of the table from `party`."""
    if party in (Party.HIRING_MANAGER, Party.INTERVIEWER):
        return (Party.RECRUITER,)
    if party == Party.RECRUITER:
        return (Party.HIRING_MANAGER,)
    return (Party.RECRUITER, Party.HIRING_MANAGER)
