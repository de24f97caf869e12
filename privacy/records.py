"""A candidate's rows as the export's readable files and the personal-data page list them.
What the erasure and the export must cover is `privacy.registry`, the one list of places."""

from dataclasses import dataclass

from interviews.models import CandidateMessage, Interview, Offer, Scorecard, Survey
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


def records_of(candidate) -> CandidateRecords:
    applications = list(
        Application.objects.filter(candidate=candidate)
        .select_related("requisition", "disposition_reason", "sourced_by")
        .order_by("created_at", "pk")
    )
    return CandidateRecords(candidate=candidate, applications=applications)
