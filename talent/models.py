"""The talent pool: the text read from each résumé, and one searchable document per
candidate (issue 22).

`ResumeText` is what a worker read from one uploaded file (`talent.extraction`), or why
nothing could be read. `PoolDocument` gathers everything a recruiter might search a person
by — name, current title and company, location, what screening noted, the must-haves they
were rated against and the ratings, how each search ended for them and why, the searches
themselves, the résumé's text — kept up to date by `talent.indexing.refresh_document`
whenever pipeline or interviews tell of a change (hook lists, tasks enqueued on commit).

On PostgreSQL the document carries a weighted `tsvector` (A: name; B: title, company,
skills and must-haves; C: searches and outcome; D: the résumé) behind a GIN index made by
migration 0001 (PostgreSQL only: the embedded SQLite default searches by a plain scan,
`talent.search`).
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import connection, models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from accounts.models import Role
from hiring.models import HiringTeamMember, TeamRole
from pipeline.models import Application, Stage


class ResumeText(models.Model):
    """The text of one résumé, read by a worker (`talent.tasks.read_resume`)."""

    class State(models.TextChoices):
        PENDING = "pending", "Waiting to be read"
        READ = "read", "Read"
        FAILED = "failed", "No text could be read"

    resume = models.OneToOneField(
        "pipeline.Resume", on_delete=models.CASCADE, primary_key=True, related_name="reading"
    )
    state = models.CharField(max_length=8, choices=State.choices, default=State.PENDING)
    text = models.TextField(blank=True)
    # Why nothing was read, for the candidate's page: "the file is damaged", "took too long".
    problem = models.CharField(max_length=200, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Text of résumé #{self.resume_id} ({self.state})"


class Outcome(models.TextChoices):
    """How the searches went for a person, best first: one hire is a hire."""

    HIRED = "hired", "Hired"
    ACTIVE = "active", "In a search now"
    REJECTED = "rejected", "Rejected"
    WITHDRAWN = "withdrawn", "Withdrew"


# "Stage reached", lowest first (interview stages count as one).
REACHED = [
    Stage.APPLIED,
    Stage.SCREENING,
    Stage.SUBMITTED,
    Stage.INTERVIEW,
    Stage.OFFER,
    Stage.HIRED,
]
REACHED_RANK = {stage.value: rank for rank, stage in enumerate(REACHED)}


class PoolDocumentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The one door to the pool (issue 22): recruiters, HR and admins, each over the
        people whose records they may see — `Candidate.objects.visible_to`'s rule (issue 20:
        someone with an application they may see): HR leads and admins everyone; others
        the people of the searches they see whole (HR generalist, hiring manager, internal
        recruiter), an agency recruiter those they put forward on their searches. So a
        person found here is the very record `add_candidate` links when they are added.
        Hiring managers and interviewers have no pool (interviewers' own candidates, which
        that rule adds, are never searched).

        The reader's searches are read first (one small query); on PostgreSQL each matching
        document then answers from its own `search_keys` — the rule as a subquery over the
        applications made PostgreSQL read all 60,000 of them for each search (638 ms).
        On SQLite (a plain scan at demo size) the applications are asked directly."""
        if not may_search_pool(user):
            return self.none()
        if user.is_admin or user.can_view_all_requisitions():
            return self
        whole = [TeamRole.HR_GENERALIST, TeamRole.HIRING_MANAGER]
        if not user.is_agency_recruiter:
            whole.append(TeamRole.RECRUITER)
        teams = list(HiringTeamMember.objects.filter(user=user).values_list("requisition", "role"))
        seen = [r for r, role in teams if role in whole]
        sourced = [r for r, role in teams if role == TeamRole.RECRUITER and r not in seen]
        if connection.vendor == "postgresql":
            # The document's own keys (search_keys), one jsonb ?| per matching row.
            keys = [f"r{r}" for r in seen] + [f"r{r}:u{user.pk}" for r in sourced]
            return self.filter(search_keys__has_any_keys=keys) if keys else self.none()
        rule = Q(requisition__in=seen) | Q(requisition__in=sourced, sourced_by=user)
        return self.filter(
            Exists(Application.objects.filter(rule, candidate=OuterRef("pk")).order_by())
        )

    def kept(self, *, cutoff):
        """Within the retention period: erased people have no document at all; this leaves
        out those whose erasure is due (privacy.retention's rule) before the nightly run."""
        if cutoff is None:
            return self
        return self.filter(
            Q(has_open=True)
            | Q(last_closed_at__gte=cutoff)
            | Q(last_closed_at__isnull=True, added_at__gte=cutoff)
        )


def may_search_pool(user) -> bool:
    """Recruiters (agency ones: their own candidates), HR generalists and admins."""
    return (
        user.is_authenticated
        and user.is_active
        and (user.is_admin or user.role in {Role.RECRUITER, Role.HR_GENERALIST})
    )


class PoolDocument(models.Model):
    """One candidate as the pool finds them. Rebuilt whole from the rows it reads
    (`talent.indexing.build_document`); erased together with the person (privacy.erasure)."""

    candidate = models.OneToOneField(
        "pipeline.Candidate", on_delete=models.CASCADE, primary_key=True, related_name="pool"
    )
    name = models.CharField(max_length=120)
    headline = models.CharField(max_length=250, blank=True)  # title at company · location
    skills = models.TextField(blank=True)  # screening summaries and nice-to-haves
    # [{"criterion", "rating"}] from every completed screening and scorecard, best rating.
    must_haves = models.JSONField(default=list, blank=True)
    # The criteria rated 3 or 4, lower-cased: what "find similar" compares.
    strong_must_haves = models.JSONField(default=list, blank=True)
    # [{"requisition", "title", "department", "stage", "outcome", "reason", "at"}]
    searches = models.JSONField(default=list, blank=True)
    # Who may find them (visible_to): "r<search id>" for each of their searches, and
    # "r<search id>:u<user id>" for the recruiter who put them forward in it.
    search_keys = models.JSONField(default=list, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices)
    reached = models.PositiveSmallIntegerField(default=0)  # REACHED_RANK of the furthest stage
    disposition = models.CharField(max_length=100, blank=True)  # the last closing reason
    resume_text = models.TextField(blank=True)
    body = models.TextField(blank=True)  # all of it, for snippets and the SQLite scan
    search_vector = SearchVectorField(null=True, editable=False)
    hired = models.BooleanField(default=False)
    has_open = models.BooleanField(default=False)  # in a search now, not hired
    last_activity_at = models.DateTimeField(default=timezone.now)
    last_closed_at = models.DateTimeField(null=True, blank=True)
    added_at = models.DateTimeField(default=timezone.now)
    built_at = models.DateTimeField(default=timezone.now)

    objects = PoolDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["last_activity_at"], name="pooldoc_activity_idx")]

    def __str__(self):
        return f"Pool document of {self.name}"

    @property
    def reached_label(self) -> str:
        return Stage(REACHED[self.reached]).label


class TermStat(models.Model):
    """How many documents hold each word (lexeme), for "find similar": a word most people
    share says little, one few share says much. Rebuilt by `talent.similar.refresh_term_stats`
    (hourly, beat) from PostgreSQL's ts_stat; the row with word "" holds the total."""

    word = models.CharField(max_length=200, primary_key=True)
    documents = models.PositiveIntegerField()

    def __str__(self):
        return f"{self.word}: {self.documents}"
