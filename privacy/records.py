"""Everything Accord holds about one candidate, found in one place: the export lists it and
the erasure scrubs the same rows, so the two cannot drift apart."""

from dataclasses import dataclass

from django.db.models import Q

from commitments.models import Commitment, Notification
from hiring.models import Activity
from interviews.models import CandidateMessage, Interview, Offer, Scorecard, Survey
from outbox.models import OutboundEmail
from pipeline.models import Application, Candidate, ReviewQuestion, ScreeningForm, StageChange


@dataclass
class CandidateRecords:
    candidate: Candidate
    applications: list

    @property
    def application_ids(self):
        return [a.pk for a in self.applications]

    def stage_changes(self):
        return StageChange.objects.filter(application__in=self.application_ids).select_related(
            "reason", "by"
        )

    def screenings(self):
        return ScreeningForm.objects.filter(application__in=self.application_ids)

    def questions(self):
        return ReviewQuestion.objects.filter(application__in=self.application_ids)

    def interviews(self):
        return Interview.objects.filter(application__in=self.application_ids)

    def scorecards(self):
        return Scorecard.objects.filter(interview__application__in=self.application_ids)

    def offers(self):
        return Offer.objects.filter(application__in=self.application_ids)

    def surveys(self):
        return Survey.objects.filter(interview__application__in=self.application_ids)

    def messages(self):
        return CandidateMessage.objects.filter(application__in=self.application_ids)

    def emails(self):
        """Emails to the person, wherever they came from (an address that merely contains
        theirs, joann@ for ann@, is someone else's)."""
        address = self.candidate.email.casefold()
        nearby = OutboundEmail.objects.filter(to__icontains=address)
        return [e for e in nearby if address in {a.casefold() for a in e.to}]

    def mentions(self):
        """Where team members' texts name the person: the journal, notifications and the
        titles of commitments about them ("Review Jane Doe")."""
        name = self.candidate.name
        journal = Activity.objects.filter(
            Q(summary__icontains=name)
            | Q(details__application__in=self.application_ids)
            | Q(details__candidate=self.candidate.pk)
        )
        notices = Notification.objects.filter(text__icontains=name)
        commitments = Commitment.objects.filter(title__icontains=name)
        return journal, notices, commitments


def records_of(candidate) -> CandidateRecords:
    applications = list(
        Application.objects.filter(candidate=candidate)
        .select_related("requisition", "disposition_reason", "sourced_by")
        .order_by("created_at", "pk")
    )
    return CandidateRecords(candidate=candidate, applications=applications)
