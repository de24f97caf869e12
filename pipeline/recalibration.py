"""When the decisions and the brief disagree (issue 21, "Accord watches the pattern").

Within one agreement version, Accord raises a finding when the hiring side has rejected N
candidates (the agreement's calibration section, default 3) for reasons the brief does not
name, or N candidates whose screening says they meet every must-have. The finding tells the
recruiter and HR once per version, opens the recruiter's "revisit the brief" commitment, and
its page (the brief check) shows the rejections beside the brief with the implied change — a
new must-have, a must-have reworded, a nice-to-have made a must-have — which the recruiter
proposes as the next version; both sides sign it like any other, which meets the commitment.
A pattern that agrees with the brief (rejections for its own must-haves, screened as short
of them) raises nothing.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from commitments.ledger import meet_commitments, open_commitment
from commitments.models import Commitment
from commitments.notices import notify_event
from commitments.service_terms import CommitmentKind, Party
from hiring.journal import record_activity
from hiring.models import TeamRole
from intake.access import can_send_for_signature
from intake.agreements import active_agreement_for, service_term_for
from intake.drafting import draft_for_editing, save_section
from intake.parts import MUST_HAVES_MAX
from intake.signatures import send_for_signature

from .brief_check import UNNAMED, BriefReasonKind
from .models import Stage, StageChange

KIND = CommitmentKind.RECALIBRATE


def brief_check_url(requisition) -> str:
    return reverse("pipeline:brief-check", kwargs={"pk": requisition.pk})


@dataclass(frozen=True)
class Proposal:
    """One implied change: `change` is "add", "reword:<i>" or "promote:<i>" (indexes into
    the version in force), `words` the must-have's new words where it has them."""

    change: str
    words: str
    label: str


@dataclass
class Finding:
    """The rejections of one version against its brief, and whether they disagree."""

    version: int
    threshold: int
    must_haves: tuple[str, ...]
    nice_to_haves: tuple[str, ...]
    rejections: list = field(default_factory=list)  # StageChange, oldest first

    @property
    def unnamed(self) -> list:
        return [c for c in self.rejections if c.against_brief.get("kind") == UNNAMED]

    @property
    def despite_screening(self) -> list:
        return [c for c in self.rejections if c.against_brief.get("screened_all_musts")]

    @property
    def raised(self) -> bool:
        return max(len(self.unnamed), len(self.despite_screening)) >= self.threshold

    @property
    def headline(self) -> str:
        parts = []
        if len(self.unnamed) >= self.threshold:
            parts.append(f"{len(self.unnamed)} rejected for reasons the brief does not name")
        if len(self.despite_screening) >= self.threshold:
            parts.append(
                f"{len(self.despite_screening)} rejected though screened as meeting every must-have"
            )
        return "; ".join(parts)

    def proposals(self) -> list[Proposal]:
        """The changes the rejections imply, most cited first."""
        found = []
        room = len(self.must_haves) < MUST_HAVES_MAX
        texts = Counter(c.against_brief.get("text", "") for c in self.unnamed)
        for text, count in texts.most_common(3):
            if text and room:
                found.append(Proposal("add", text, f"Add a must-have: “{text}” ({count}×)"))
        cited = Counter(
            c.against_brief.get("criterion", "")
            for c in self.despite_screening
            if c.against_brief.get("kind") != UNNAMED
        )
        for criterion, count in cited.most_common():
            if criterion in self.nice_to_haves and room:
                index = self.nice_to_haves.index(criterion)
                label = f"Make the nice-to-have “{criterion}” a must-have ({count}×)"
                found.append(Proposal(f"promote:{index}", criterion, label))
            elif criterion in self.must_haves:
                index = self.must_haves.index(criterion)
                label = f"Reword the must-have “{criterion}”: screened as met, rejected as lacking"
                found.append(Proposal(f"reword:{index}", criterion, label))
        return found


def finding_for(requisition, agreement=None) -> Finding | None:
    """The finding on the version in force (None without one): its rejections by anyone on
    the hiring side that carry a reason against the brief. Two queries."""
    agreement = agreement or active_agreement_for(requisition)
    if agreement is None:
        return None
    rejections = list(
        StageChange.objects.filter(
            application__requisition=requisition,
            to_stage=Stage.REJECTED,
            against_brief__version=agreement.version,
        )
        .select_related("application__candidate", "application__screening", "reason", "by")
        .order_by("at", "pk")
    )
    return Finding(
        version=agreement.version,
        threshold=agreement.calibration.rejection_threshold,
        must_haves=agreement.role_profile.must_haves,
        nice_to_haves=agreement.role_profile.nice_to_haves,
        rejections=rejections,
    )


def raise_finding_if_due(*, requisition, agreement, now=None) -> Commitment | None:
    """After a rejection against the brief: once the version's finding is raised, open the
    recruiter's "revisit the brief", tell the recruiter and HR, journal it — once per version
    (a commitment of this kind about the version, in any state, means it was raised)."""
    if agreement is None or requisition.is_closed:
        return None
    finding = finding_for(requisition, agreement)
    if not finding.raised:
        return None
    version_row = agreement.agreement
    if Commitment.objects.for_subject(version_row).filter(kind=KIND).exists():
        return None
    recruiter = requisition.member(TeamRole.RECRUITER)
    if recruiter is None:
        return None
    now = now or timezone.now()
    url = brief_check_url(requisition)
    manager = requisition.hiring_manager
    commitment = open_commitment(
        kind=KIND,
        requisition=requisition,
        owner=recruiter,
        party=Party.RECRUITER,
        subject=version_row,
        title=f"Revisit the brief of {requisition.title} with "
        f"{manager.display_name if manager else 'the hiring manager'}",
        url=url,
        started_at=now,
        term=service_term_for(requisition, KIND),
    )
    text = f"The decisions and the brief of {requisition.title} disagree: {finding.headline}"
    notify_event(
        event="brief.disagrees",
        requisition=requisition,
        text=text,
        url=url,
        key=f"brief-disagrees:{version_row.pk}",
    )
    record_activity(
        requisition=requisition,
        actor=None,
        kind="brief_disagrees",
        summary=f"The decisions and the brief (v{finding.version}) disagree: {finding.headline}",
        details={"version": finding.version, "rejections": [c.pk for c in finding.rejections]},
    )
    return commitment


def _amended(profile: dict, *, change: str, words: str, source) -> dict:
    """`profile` (the draft's role profile) with `change` applied; indexes name texts of the
    version in force (`source`), found again by their words in the draft."""
    musts, nices = list(profile.get("must_haves") or []), list(profile.get("nice_to_haves") or [])
    action, _, index = change.partition(":")
    words = " ".join((words or "").split())
    if action == "add":
        if not words:
            raise ValidationError({"words": "Write the must-have as the brief should say it."})
        if words in musts:
            raise ValidationError({"words": "The brief already names this must-have."})
        musts.append(words)
    elif action in ("reword", "promote") and index.isdigit():
        texts = source.must_haves if action == "reword" else source.nice_to_haves
        if int(index) >= len(texts):
            raise ValidationError({"change": "Choose one of the changes offered."})
        old = texts[int(index)]
        if action == "reword":
            if not words or words == old:
                raise ValidationError({"words": "Write the must-have's new words."})
            if old not in musts:
                raise ValidationError({"change": f"The open draft no longer holds “{old}”."})
            musts[musts.index(old)] = words
        else:
            if old not in nices:
                raise ValidationError({"change": f"The open draft no longer holds “{old}”."})
            nices.remove(old)
            musts.append(old)
    else:
        raise ValidationError({"change": "Choose one of the changes offered."})
    if len(musts) > MUST_HAVES_MAX:
        raise ValidationError(
            {
                "change": f"The brief holds {MUST_HAVES_MAX} must-haves at most: reword one "
                "instead, or move one to the nice-to-haves in the agreement first."
            }
        )
    return {**profile, "must_haves": musts, "nice_to_haves": nices}


@transaction.atomic
def propose_amended_brief(*, requisition, change: str, words: str, by):
    """The recruiter (or HR) proposes the version the finding implies: the change is made on
    the draft (started from the version in force if there is none; other edits in an open
    draft go with it), the draft is sent for everyone's signature, and "revisit the brief"
    is met. Refused, changing nothing, when the change breaks a rule of the brief."""
    if not can_send_for_signature(requisition, by):
        raise PermissionDenied("The recruiter or HR propose a new version of the brief.")
    agreement = active_agreement_for(requisition)
    if agreement is None:
        raise ValidationError("There is no agreement in force to amend.")
    draft = draft_for_editing(requisition=requisition, edited_by=by, lock=True)
    value = _amended(
        dict(draft.role_profile), change=change, words=words, source=agreement.role_profile
    )
    save_section(requisition=requisition, section="role_profile", value=value, edited_by=by)
    sent = send_for_signature(requisition=requisition, sent_by=by)
    now = timezone.now()
    meet_commitments(subject=agreement.agreement, kind=KIND, met_at=now)
    record_activity(
        requisition=requisition,
        actor=by,
        kind="brief_recalibrated",
        summary=f"Proposed agreement v{sent.version} from the brief check: "
        f"must-haves now {'; '.join(value['must_haves'])}",
        details={"version": sent.version, "from": agreement.version, "change": change},
    )
    return sent


def rejection_kind_label(against: dict) -> str:
    return BriefReasonKind(against.get("kind", UNNAMED)).label
