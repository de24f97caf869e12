"""An import of an existing search system's file: the run (who, which file, how far it got)
and one row per line of the file, with what the preview said of it and what happened.

The file itself is never stored: only the cells read from it (`ImportRow.data`), which may
name a candidate — registered in `privacy.registry` (MENTIONS) so that an erasure scrubs
them and a subject-access export lists them; runs older than
`ACCORD_IMPORT_KEEP_DAYS` are deleted by beat (`imports.tasks.forget_old_imports`).
"""

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone


class ImportRunQuerySet(models.QuerySet):
    def of(self, user):
        """A run is its importer's own: nobody else sees its rows."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(created_by=user)

    def with_counts(self):
        return self.annotate(
            n_create=Count("rows", filter=Q(rows__outcome="create")),
            n_match=Count("rows", filter=Q(rows__outcome="match")),
            n_refuse=Count("rows", filter=Q(rows__outcome="refuse")),
            n_created=Count("rows", filter=Q(rows__result="created")),
            n_matched=Count("rows", filter=Q(rows__result="matched")),
            n_refused=Count("rows", filter=Q(rows__result="refused")),
        )


class ImportRun(models.Model):
    class Kind(models.TextChoices):
        REQUISITIONS = "requisitions", "Requisitions with their teams"
        CANDIDATES = "candidates", "Candidates with their applications and stages"

    class State(models.TextChoices):
        CHECKING = "checking", "Checking the rows"
        PREVIEWED = "previewed", "Ready to import"
        IMPORTING = "importing", "Importing"
        DONE = "done", "Imported"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    state = models.CharField(max_length=12, choices=State.choices, default=State.CHECKING)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    file_name = models.CharField(max_length=200)
    file_format = models.CharField(max_length=4)  # csv, xlsx
    encoding = models.CharField(max_length=40, blank=True)
    # Columns of the file that are not ours (named on the preview, otherwise ignored).
    ignored_columns = models.JSONField(default=list, blank=True)
    row_count = models.PositiveIntegerField(default=0)
    checked_count = models.PositiveIntegerField(default=0)
    done_count = models.PositiveIntegerField(default=0)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ImportRunQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        # The import page lists the person's own runs, newest first.
        indexes = [models.Index(fields=["created_by", "-created_at"], name="import_run_mine_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} from {self.file_name}"

    @property
    def is_working(self) -> bool:
        return self.state in (self.State.CHECKING, self.State.IMPORTING)

    @property
    def progress(self) -> tuple[int, int]:
        done = self.checked_count if self.state == self.State.CHECKING else self.done_count
        return done, self.row_count

    @property
    def percent(self) -> int:
        done, total = self.progress
        return round(100 * done / total) if total else 100

    def can_confirm(self, user) -> bool:
        return self.state == self.State.PREVIEWED and self.created_by_id == user.pk


class ImportRow(models.Model):
    class Outcome(models.TextChoices):
        CREATE = "create", "Will be created"
        MATCH = "match", "Already in Accord"
        REFUSE = "refuse", "Refused"

    class Result(models.TextChoices):
        CREATED = "created", "Created"
        MATCHED = "matched", "Matched, left as it is"
        REFUSED = "refused", "Refused"

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="rows")
    number = models.PositiveIntegerField(help_text="The line in the file (the header is 1).")
    data = models.JSONField(default=dict, help_text="The cells as read, by our column name.")
    outcome = models.CharField(max_length=8, choices=Outcome.choices, blank=True)
    result = models.CharField(max_length=8, choices=Result.choices, blank=True)
    # [{"column": …, "message": …}]: why the row is refused, column by column.
    problems = models.JSONField(default=list, blank=True)
    note = models.CharField(max_length=300, blank=True)
    # The search the row made, matched or names (a candidate's), and the application made
    # or matched: links on the result page, looked up again through the doors.
    requisition = models.ForeignKey(
        "hiring.Requisition", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    application_pk = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["run", "number"]
        constraints = [
            models.UniqueConstraint(fields=["run", "number"], name="import_row_number_unique")
        ]
        # The worker takes the next rows to check or import in file order; the page lists a
        # run's rows by outcome (a page of them).
        indexes = [models.Index(fields=["run", "outcome", "number"], name="import_row_page_idx")]

    def __str__(self):
        return f"row {self.number}"

    @property
    def shown_outcome(self) -> str:
        return self.result or self.outcome

    def problem_for(self, column: str) -> list[str]:
        return [p["message"] for p in self.problems if p.get("column") == column]


class ImportedApplication(models.Model):
    """The id an application had in the system it was imported from: a re-run of the same
    file matches it here and adds nobody twice. Under the candidate (through the
    application), so an erasure blanks it with the rest of their rows."""

    application = models.OneToOneField(
        "pipeline.Application", on_delete=models.CASCADE, related_name="imported_as"
    )
    requisition = models.ForeignKey(
        "hiring.Requisition", on_delete=models.CASCADE, related_name="+"
    )
    external_id = models.CharField("external id", max_length=100, blank=True)

    class Meta:
        constraints = [
            # One application per external id in a search; its index serves the importer's
            # match (imports.candidates: requisition = … AND external_id = …).
            models.UniqueConstraint(
                fields=["requisition", "external_id"],
                condition=~models.Q(external_id=""),
                name="imported_application_unique",
            )
        ]

    def __str__(self):
        return self.external_id
