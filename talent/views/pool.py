"""The talent pool's pages: search, find similar, one person, "add to this search"."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from hiring.doors import requisition_for
from hiring.fragments import page_or_fragment, varies_on_htmx
from pipeline.access import can_add_candidates

from ..adding import add_from_pool
from ..forms import PoolSearchForm
from ..models import PoolDocument, may_search_pool
from ..search import pool_for, search_pool
from ..similar import MAX_REFERENCES, find_similar


def _pool_user(request):
    if not may_search_pool(request.user):
        raise PermissionDenied("The talent pool is for recruiters and HR.")


def _filling(request, form):
    """The search the reader is filling from the pool (?search=<pk>), where they may add
    candidates to it; None otherwise. Someone not on it gets a 404, as everywhere."""
    pk = form.cleaned_data.get("search") if form.is_valid() else None
    if not pk:
        return None
    requisition = requisition_for(request, pk)
    return requisition if can_add_candidates(requisition, request.user) else None


@require_GET
@varies_on_htmx
def pool(request):
    _pool_user(request)
    form = PoolSearchForm(request.GET or None)
    text = form.cleaned_data.get("q", "") if form.is_valid() else ""
    documents = pool_for(request.user, **form.filters())
    results = search_pool(documents, text)
    template = page_or_fragment(request, "talent/pool.html", "results")
    return render(
        request,
        template,
        {
            "form": form,
            "text": text,
            "results": results,
            "filling": _filling(request, form),
            "max_references": MAX_REFERENCES,
        },
    )


@require_GET
@varies_on_htmx
def similar(request):
    _pool_user(request)
    form = PoolSearchForm(request.GET or None)
    ids = [int(v) for v in request.GET.getlist("ref") if v.isdigit()][:MAX_REFERENCES]
    documents = pool_for(request.user, **form.filters())
    references = list(
        PoolDocument.objects.visible_to(request.user)
        .filter(pk__in=ids)
        .only("name", "headline", "strong_must_haves", "body")
    )
    matches = find_similar(documents=documents, references=references)
    template = page_or_fragment(request, "talent/similar.html", "results")
    return render(
        request,
        template,
        {
            "form": form,
            "references": references,
            "matches": matches,
            "filling": _filling(request, form),
            "max_references": MAX_REFERENCES,
        },
    )


@require_GET
def person(request, candidate):
    _pool_user(request)
    document = get_object_or_404(PoolDocument.objects.visible_to(request.user), pk=candidate)
    form = PoolSearchForm(request.GET or None)
    return render(
        request,
        "talent/person.html",
        {"document": document, "filling": _filling(request, form), "form": form},
    )


@require_POST
def add_to_search(request, pk, candidate):
    """'Add to this search': the person into search `pk` at "applied", source "talent
    pool", through pipeline's add_candidate (its rules for people known from other
    searches apply as on the add-candidate form)."""
    _pool_user(request)
    requisition = requisition_for(request, pk)
    if not can_add_candidates(requisition, request.user):
        raise PermissionDenied("The recruiter and HR add candidates to a search.")
    document = PoolDocument.objects.visible_to(request.user).filter(pk=candidate).first()
    if document is None:
        raise Http404("No such person in your pool.")
    try:
        application = add_from_pool(
            requisition=requisition, candidate_id=candidate, by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        back = request.POST.get("next", "")
        if back.startswith("/talent/") and url_has_allowed_host_and_scheme(back, None):
            return redirect(back)
        return redirect(f"{reverse('talent:pool')}?search={requisition.pk}")
    messages.success(request, f"{application.candidate.name} is in {requisition.title}.")
    return redirect("pipeline:application-detail", pk=requisition.pk, application=application.pk)
