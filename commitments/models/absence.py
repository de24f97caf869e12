"""A person away (issue 18, "Away"): dates and a deputy. While away their parts on each
search go to the deputy where the deputy may hold them, the rest of what they owe pauses,
and no reminder reaches them; on return it all comes back (commitments.absences)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class AbsenceQuerySet(models.QuerySet):
    def away_now(self):
        """Begun and not yet ended: served by absence_current_idx."""
        return self.filter(started_at__isnull=False, ended_at__isnull=True)


class Absence(models.Model):
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="absences"
    )
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="deputising",
    )
    starts_on = models.DateField()
    ends_on = models.DateField(help_text="The last day away; they are back the day after.")
    note = models.CharField(max_length=200, blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    # Set by commitments.absences when it begins and when they are back (or it is cut short).
    started_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    # The parts handed to the deputy, [[requisition id, role], …], handed back on return.
    handed = models.JSONField(default=list, blank=True)

    objects = AbsenceQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        indexes = [
            models.Index(
                fields=["person"],
                name="absence_current_idx",
                condition=Q(started_at__isnull=False, ended_at__isnull=True),
            ),
        ]

    def __str__(self):
        return f"{self.person} away {self.starts_on}–{self.ends_on}"
