"""Summary rows of the commitments: how many of a search's commitments settled in a week,
per kind, party and whom they count for, and how (`CommitmentTally`).

They are kept by the database itself, in the statement that changes a commitment: a row
trigger on `commitments_commitment` (`commitments.tallies`) takes the old row's counts out
and puts the new row's in, so every path — `save()`, `bulk_update`, `QuerySet.update`, raw
SQL, a deletion — keeps them current in the same transaction as the facts. Nothing in
Python writes them but `commitments.tallies.rebuild_tallies` (the `rebuild_tallies`
command), which recomputes them from the commitments.
"""

from django.conf import settings
from django.db import models

from hiring.models import Requisition

# Business time to meet, counted cumulatively within each of these many hours (1, 2 and 4
# hours; 1, 2, 3, 5, 10, 15, 20 and 30 business days of 8 hours): `within_<i>` is how many
# were met within TALLY_STEP_HOURS[i]. The figures' steps (`insights.figures.STEPS`) are
# these; median and 90th percentile are read to one of them (or "more than 30 days").
TALLY_STEP_HOURS = (1, 2, 4, 8, 16, 24, 40, 80, 120, 160, 240)

# Each count: its name and the condition on a commitment row (`{r}` is the row) under which
# the row adds one to it. `commitments.tallies` writes them into the triggers, and the
# rebuild sums the same conditions; `insights.figures.Tally` reads them.
TALLY_COUNTS = (
    ("met_on_time", "{r}.state = 'met' AND {r}.met_at <= {r}.due_at"),
    ("met_late", "{r}.state = 'met' AND {r}.met_at > {r}.due_at"),
    # Open with its clock running: overdue once `due_at` has passed, waiting before.
    ("open_running", "{r}.state = 'open' AND {r}.paused_at IS NULL"),
    ("waived", "{r}.state = 'waived'"),
    ("paused", "{r}.state = 'open' AND {r}.paused_at IS NOT NULL"),
    ("declined", "{r}.state = 'declined'"),
    (
        "extended",
        "{r}.extensions > 0 AND NOT ({r}.state = 'open' AND {r}.paused_at IS NOT NULL)",
    ),
)
WITHIN = tuple(f"within_{i}" for i in range(len(TALLY_STEP_HOURS)))
COUNT_NAMES = tuple(name for name, _ in TALLY_COUNTS) + WITHIN


class TallyCounts(models.Model):
    """The counts of TALLY_COUNTS and `within_<i>` (see `CommitmentTally`)."""

    met_on_time = models.IntegerField(default=0)
    met_late = models.IntegerField(default=0)
    open_running = models.IntegerField(default=0)
    waived = models.IntegerField(default=0)
    paused = models.IntegerField(default=0)
    declined = models.IntegerField(default=0)
    extended = models.IntegerField(default=0)
    within_0 = models.IntegerField(default=0)
    within_1 = models.IntegerField(default=0)
    within_2 = models.IntegerField(default=0)
    within_3 = models.IntegerField(default=0)
    within_4 = models.IntegerField(default=0)
    within_5 = models.IntegerField(default=0)
    within_6 = models.IntegerField(default=0)
    within_7 = models.IntegerField(default=0)
    within_8 = models.IntegerField(default=0)
    within_9 = models.IntegerField(default=0)
    within_10 = models.IntegerField(default=0)

    class Meta:
        abstract = True


class CommitmentTally(TallyCounts):
    """How many commitments of one search, one kind and one party, counting for one person,
    settled in one week, by outcome.

    - **week**: the Monday, in the organisation's zone (`settings.TIME_ZONE`), of the week
      the commitment was *settled* in (`insights.figures.settled_at`: met or waived, or its
      deadline, whichever came first). An open one sits in the week of its deadline.
    - **answerable**: whom it counts for (`Commitment.answerable_id`: `late_owner` or
      `owner`), so a hand-over moves its counts to the successor through the trigger.
    - the counts of TALLY_COUNTS, and `within_<i>`: met within TALLY_STEP_HOURS[i] business
      hours (`Commitment.met_in`, paused time left out).

    Withdrawn commitments are in no row. The requisition and person are plain columns
    (no foreign-key constraint): the rows are the trigger's, and a deleted search's
    commitments take their counts out of them as they go.
    """

    week = models.DateField()
    requisition = models.ForeignKey(
        Requisition,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,  # the indexes below start with it
        related_name="+",
    )
    kind = models.CharField(max_length=30)
    party = models.CharField(max_length=20)
    answerable = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,  # the indexes below start with it
        related_name="+",
    )

    class Meta:
        constraints = [
            # The trigger's upsert (ON CONFLICT on these columns); its index, week first,
            # also serves the organisation's and a department's figures and the pair
            # scoreboard (insights.figures.tallied: whole weeks of a period).
            models.UniqueConstraint(
                fields=["week", "requisition", "kind", "party", "answerable"],
                name="commitment_tally_key",
            ),
        ]
        indexes = [
            # insights.figures.tallied for one search (its figures page, a pair's searches,
            # the scoreboard's trends): a search's weeks of a period.
            models.Index(fields=["requisition", "week"], name="commitment_tally_req_idx"),
            # insights.figures.tallied for a person (their own figures): whom the rows
            # count for, weeks of a period.
            models.Index(fields=["answerable", "week"], name="commitment_tally_person_idx"),
        ]

    def __str__(self):
        return f"{self.week} · {self.requisition_id} · {self.kind} · {self.party}"


class DepartmentTally(TallyCounts):
    """The same counts summed over a department's searches: one row per week, department,
    kind and party (whoever the commitments count for), for the organisation's and a
    department's figures as HR leads and admins see them (every search), so a year reads a
    few thousand rows whatever the number of searches. Kept by the same trigger as
    `CommitmentTally` (the search's department read in it), and moved from one department
    to the other by a trigger on the requisition when its department changes."""

    week = models.DateField()
    department = models.CharField(max_length=80)
    kind = models.CharField(max_length=30)
    party = models.CharField(max_length=20)

    class Meta:
        constraints = [
            # The triggers' upsert; its index, week first, serves
            # insights.figures.tallied for the organisation or a department (whole weeks).
            models.UniqueConstraint(
                fields=["week", "department", "kind", "party"], name="department_tally_key"
            ),
        ]

    def __str__(self):
        return f"{self.week} · {self.department} · {self.kind} · {self.party}"


class TallyVersion(models.Model):
    """A version of each department's summary rows (PostgreSQL): a new number, from one
    sequence that never hands a number out twice (not even to a transaction rolled back),
    written by the same triggers, in the same statement, whenever a commitment of one of the
    department's searches changes a count, a search moves in or out of it, or its searches'
    hiring teams change (which decides the pairs and who sees what). A figure computed from
    the summary rows may be kept under the versions it was read with (`insights.figures`'s
    `summary_cache`): any change behind it gives a new version, so a kept figure is never
    stale. `department` is upper-cased, as the figures compare departments (`iexact`)."""

    department = models.CharField(max_length=80, primary_key=True)
    version = models.BigIntegerField()

    def __str__(self):
        return f"{self.department} · {self.version}"
