from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import trigger_client_event

from accounts.forms_base import render_form
from hiring.doors import requisition_for, requisitions_for
from hiring.fragments import page_or_fragment, varies_on_htmx
from hiring.models import TeamRole

from ..actions import buttons
from ..forms import ReminderPreferenceForm, WaiveForm
from ..ledger import waive_commitment
from ..models import Commitment, Notification, side_figures_of
from ..visibility import hidden_commitments
from ..wording import notification_level, notification_text


@require_GET
def notification_list(request):
    notifications = Notification.objects.for_user(request.user)
    page = Paginator(
        notifications.select_related(
            "requisition", "reminder__commitment__requisition", "reminder__commitment__owner"
        ),
        30,
    ).get_page(request.GET.get("page"))
    now = timezone.now()
    for notification in page.object_list:
        notification.text_now = notification_text(notification, now)
        reminder = notification.reminder
        notification.buttons = (
            buttons(
                commitment=reminder.commitment,
                person=request.user,
                step=reminder.step,
                signed_in=True,
            )
            if reminder is not None and reminder.commitment.state == Commitment.State.OPEN
            else ()
        )
        notification.level_now = notification_level(notification, now)
    return render(
        request,
        "commitments/notification_list.html",
        {"page": page, "unread": notifications.unread().count()},
    )


@require_GET
def notification_badge(request):
    """The bell's count, polled by htmx; a count query on a partial index."""
    unread = Notification.objects.for_user(request.user).unread().count()
    return render(request, "commitments/notification_list.html#bell", {"unread": unread})


@require_POST
def notification_open(request, pk):
    """Mark read and go where the notification points (only to this site)."""
    notification = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    target = notification.url
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "commitments:notification-list"
    return redirect(target)


@require_POST
def notification_read_all(request):
    Notification.objects.for_user(request.user).unread().update(read_at=timezone.now())
    if request.htmx:
        response = render(request, "commitments/notification_list.html#bell", {"unread": 0})
        return trigger_client_event(response, "notifications-read")
    return redirect("commitments:notification-list")


@require_http_methods(["GET", "POST"])
def reminder_preferences(request):
    form = ReminderPreferenceForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Saved. In-app notifications still arrive at once.")
        return redirect("commitments:preferences")
    return render_form(request, "commitments/preferences.html", {"form": form})


def _get_commitment(request, pk) -> Commitment:
    return get_object_or_404(
        Commitment.objects.select_related("requisition", "owner").filter(
            requisition__in=requisitions_for(request)
        ),
        pk=pk,
    )


@require_http_methods(["GET", "POST"])
def commitment_waive(request, pk):
    commitment = _get_commitment(request, pk)
    if not commitment.can_be_waived_by(request.user):
        raise PermissionDenied("Only HR or the other side can waive this.")
    form = WaiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            waive_commitment(
                commitment=commitment,
                waived_by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error("reason", error)
        else:
            messages.success(request, f"“{commitment.title}” is waived.")
            return redirect("hiring:requisition-detail", pk=commitment.requisition_id)
    return render_form(
        request, "commitments/commitment_waive.html", {"commitment": commitment, "form": form}
    )


OPEN_SHOWN = 50  # open commitments listed before "show all"
SETTLED_PAGE = 25  # settled ones a page of the history shows


@require_GET
@varies_on_htmx
def requisition_commitments(request, pk):
    """The commitments of a search: each side's figures, what is open (the earliest due
    first; the first 50 unless all are asked for), then what was settled, the latest first,
    a page at a time. Bounded by the page whatever the search's history: the figures are
    one aggregate, the lists two indexed queries (commitment_open_req_idx,
    commitment_settled_req_idx)."""
    requisition = requisition_for(request, pk, journal=True)
    now = timezone.now()
    ours = Commitment.objects.filter(requisition=requisition)
    sides = side_figures_of(ours, now)
    open_count = sum(side["open"] for side in sides)
    show_all = request.GET.get("open") == "all"
    open_ = list(
        ours.open()
        .select_related("owner")
        .order_by("due_at", "pk")[: None if show_all else OPEN_SHOWN]
    )
    paginator = Paginator(
        ours.settled_newest_first().select_related("owner", "waived_by"), SETTLED_PAGE
    )
    paginator.count = sum(side["settled"] for side in sides)  # counted above, with the rest
    settled = paginator.get_page(request.GET.get("page"))
    shown = [*open_, *settled.object_list]
    for commitment in shown:
        commitment.requisition = requisition  # keep the prefetched team for can_be_waived_by
    hidden = hidden_commitments(requisition=requisition, user=request.user, commitments=shown)
    template = page_or_fragment(request, "commitments/requisition_commitments.html", "card")
    return render(
        request,
        template,
        {
            "requisition": requisition,
            "sides": sides,
            "open_commitments": [
                (c, c.can_be_waived_by(request.user)) for c in open_ if c.pk not in hidden
            ],
            "open_count": open_count,
            "open_more": 0 if show_all else max(0, open_count - len(open_)),
            "settled": settled,
            "settled_rows": [c for c in settled.object_list if c.pk not in hidden],
            "pager_query": "open=all" if show_all else "",
            "is_recruiter": TeamRole.RECRUITER in requisition.roles_of(request.user),
            "now": now,
        },
    )
