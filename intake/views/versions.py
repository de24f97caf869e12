"""One version of the agreement: its page, its signing and what changed since the one
before. Fronts `intake/versions.py` (and `intake/signatures.py` for signing)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from hiring.doors import requisition_for

from .. import access
from ..models import Agreement
from ..signatures import sign_agreement, signature_status
from ..versions import compare_versions, previous_version, read_parts


def _get_version(requisition, version) -> Agreement:
    return get_object_or_404(
        Agreement.objects.for_requisition(requisition).with_signatures(), version=version
    )


@require_GET
def version_detail(request, pk, version):
    requisition = requisition_for(request, pk)
    agreement = _get_version(requisition, version)
    return render(request, "intake/agreement_version.html", _version_context(request, agreement))


def _version_context(request, agreement, **extra):
    requisition = agreement.requisition
    return {
        "requisition": requisition,
        "agreement": agreement,
        "parts": read_parts(agreement, access.visible_parts(requisition, request.user)),
        "previous": previous_version(agreement),
        "signing": signature_status(agreement, request.user),
        "signatures": list(agreement.signatures.all()),
        **extra,
    }


@require_POST
def version_sign(request, pk, version):
    requisition = requisition_for(request, pk)
    agreement = _get_version(requisition, version)
    agreement.requisition = requisition  # keep the prefetched team for the checks
    try:
        sign_agreement(agreement=agreement, signer=request.user, version=version)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("intake:version-detail", pk=pk, version=version)
    if agreement.state == Agreement.State.ACTIVE:
        messages.success(request, f"Signed. Version {version} is now in force.")
    else:
        messages.success(request, f"You signed version {version}.")
    return redirect("intake:agreement", pk=pk)


@require_GET
def version_diff(request, pk, version):
    requisition = requisition_for(request, pk)
    agreement = _get_version(requisition, version)
    previous = previous_version(agreement)
    visible = access.visible_parts(requisition, request.user)
    context = {
        "requisition": requisition,
        "agreement": agreement,
        "previous": previous,
        "sections": compare_versions(previous, agreement, visible) if previous else [],
    }
    return render(request, "intake/agreement_diff.html", context)
