"""The offer of a candidate: prepared, extended and closed by the parties the agreement's
matrix names. Fronts `interviews/offers.py`."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from accounts.forms_base import place_errors
from hiring.doors import requisition_for
from pipeline.doors import application_for
from pipeline.stages import MoveRefused

from .. import access
from ..candidate_messages import Kind, sendable_kinds
from ..debrief import offer_gate
from ..forms import CloseOfferForm, OfferForm
from ..models import Offer
from ..offers import close_offer, extend_offer, prepare_offer


def _offer_context(request, application, **extra):
    requisition = application.requisition
    user = request.user
    offer = (
        Offer.objects.filter(application=application)
        .select_related("prepared_by", "extended_by", "closed_by", "decline_reason")
        .first()
    )
    preparers, extenders = access.offer_preparers(requisition), access.offer_extenders(requisition)
    can_prepare = offer is not None and access.can_prepare_offer(requisition, user, preparers)
    initial = {}
    if offer is not None and offer.salary is not None:
        initial = {
            "salary": offer.salary,
            "start_date": offer.start_date,
            "notes": offer.notes,
            "outside_band_reason": offer.outside_band_reason,
        }
    elif requisition.target_start_date:
        initial = {"start_date": requisition.target_start_date}
    return {
        "requisition": requisition,
        "application": application,
        "candidate": application.candidate,
        "offer": offer,
        "gate": offer_gate(application) if offer and offer.state == Offer.State.PREPARING else None,
        "preparers": preparers,
        "extenders": extenders,
        "can_prepare": can_prepare,
        "can_extend": offer is not None and access.can_extend_offer(requisition, user, extenders),
        "salary_visible": can_prepare or requisition.salary_visible_to(user),
        "offer_form": extra.pop("offer_form", None) or OfferForm(initial=initial),
        "close_form": extra.pop("close_form", None) or CloseOfferForm(),
        "can_message": access.can_send_messages(requisition, user)
        and Kind.OFFER in sendable_kinds(application),
        "show_private_tabs": requisition.can_read_journal(user),
        **extra,
    }


def _load_offer_page(request, pk, application):
    requisition = requisition_for(request, pk)
    application = application_for(request, requisition, application)
    if not access.sees_whole_search(requisition, request.user):
        raise PermissionDenied("Offers are for the recruiter, HR and the hiring manager.")
    return requisition, application


@require_http_methods(["GET", "POST"])
def offer(request, pk, application):
    requisition, application = _load_offer_page(request, pk, application)
    if request.method == "GET":
        return render(request, "interviews/offer.html", _offer_context(request, application))
    current = Offer.objects.filter(application=application).first()
    if current is None or not access.can_prepare_offer(requisition, request.user):
        raise PermissionDenied("The matrix gives offer preparation to another party.")
    form = OfferForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            prepare_offer(
                offer=current,
                salary=data["salary"],
                start_date=data["start_date"],
                notes=data["notes"],
                outside_band_reason=data["outside_band_reason"],
                prepared_by=request.user,
            )
        except ValidationError as error:
            place_errors(form, error)
        else:
            messages.success(request, "Offer prepared.")
            return redirect("interviews:offer", pk=requisition.pk, application=application.pk)
    context = _offer_context(request, application, offer_form=form)
    return render(request, "interviews/offer.html", context, status=422)


@require_POST
def offer_extend(request, pk, application):
    requisition, application = _load_offer_page(request, pk, application)
    current = Offer.objects.filter(application=application).first()
    if current is None or not access.can_extend_offer(requisition, request.user):
        raise PermissionDenied("The matrix gives offer extension to another party.")
    try:
        extend_offer(offer=current, extended_by=request.user)
    except ValidationError as error:
        context = _offer_context(request, application, problem=" ".join(error.messages))
        return render(request, "interviews/offer.html", context, status=422)
    messages.success(request, "Offer recorded as extended.")
    return redirect("interviews:offer", pk=requisition.pk, application=application.pk)


@require_POST
def offer_close(request, pk, application):
    requisition, application = _load_offer_page(request, pk, application)
    current = Offer.objects.filter(application=application).first()
    if current is None or not access.can_extend_offer(requisition, request.user):
        raise PermissionDenied("The matrix gives offer closing to another party.")
    form = CloseOfferForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            close_offer(
                offer=current,
                accepted=data["answer"] == "accepted",
                decline_reason=data.get("decline_reason"),
                note=data.get("note", ""),
                closed_by=request.user,
            )
        except (ValidationError, MoveRefused) as error:
            place_errors(form, error)
        else:
            messages.success(
                request,
                "Offer accepted: welcome aboard!"
                if data["answer"] == "accepted"
                else "Offer recorded as declined.",
            )
            return redirect("interviews:offer", pk=requisition.pk, application=application.pk)
    context = _offer_context(request, application, close_form=form)
    return render(request, "interviews/offer.html", context, status=422)
