"""Mail sent: every email Accord wrote, readable as its recipient reads it, with working links.

Only where email is printed instead of sent (`make run`, `make dev`: ACCORD_MAIL_VIEWER), so
a newcomer can open the reminder the worker just printed and follow it. Admins only. In
production the pages answer 404: the mail server delivers there, and a page showing every
person's email to every admin has no place in it.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.csp import CSP
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csp import csp_override
from django.views.decorators.http import require_GET

from .forms import MailFilterForm
from .models import OutboundAttachment, OutboundEmail

# The email's own HTML, framed on the detail page: its inline styles apply, nothing runs, and
# a link opens in the whole window (the frame is sandboxed; see mail_html).
FRAMED_EMAIL_CSP = {
    "default-src": [CSP.NONE],
    "style-src": [CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "frame-ancestors": [CSP.SELF],
    "form-action": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "sandbox": ["allow-popups", "allow-top-navigation-by-user-activation"],
}


def _emails_for(user):
    """The door to the pages: 404 where the viewer is off, 403 for anyone but an admin."""
    if not settings.ACCORD_MAIL_VIEWER:
        raise Http404("Mail is delivered by the mail server here.")
    if not user.is_admin:
        raise PermissionDenied
    return OutboundEmail.objects.all()


@never_cache
@require_GET
def mail_list(request):
    emails = _emails_for(request.user)
    form = MailFilterForm(request.GET or None)
    if form.is_valid() and form.cleaned_data["q"]:
        words = form.cleaned_data["q"]
        emails = emails.annotate(to_text=Cast("to", TextField())).filter(
            Q(to_text__icontains=words) | Q(subject__icontains=words)
        )
    page = Paginator(
        emails.select_related("requisition").order_by("-created_at", "-pk"), 30
    ).get_page(request.GET.get("page"))
    words = form.cleaned_data["q"] if form.is_valid() else ""
    query = urlencode({"q": words}) if words else ""
    return render(
        request,
        "outbox/mail_list.html",
        {"page": page, "form": form, "query": query, "now": timezone.now()},
    )


@never_cache
@require_GET
def mail_detail(request, pk):
    emails = _emails_for(request.user)
    email = get_object_or_404(emails.select_related("requisition"), pk=pk)
    after = Q(created_at__gt=email.created_at) | Q(created_at=email.created_at, pk__gt=pk)
    newer = emails.filter(after).order_by("created_at", "pk").values_list("pk", flat=True)
    older = emails.exclude(after).exclude(pk=pk).order_by("-created_at", "-pk")
    newer, older = newer.first(), older.values_list("pk", flat=True).first()
    return render(
        request,
        "outbox/mail_detail.html",
        {
            "email": email,
            "attachments": email.attachments.only("pk", "filename", "mimetype"),
            "newer": newer,
            "older": older,
            "from_email": settings.DEFAULT_FROM_EMAIL,
            "now": timezone.now(),
        },
    )


@never_cache
@require_GET
@xframe_options_sameorigin
@csp_override(FRAMED_EMAIL_CSP)
def mail_html(request, pk):
    """The HTML part alone, for the detail page's frame. `<base target="_top">` makes every
    link open in the window, not inside the frame."""
    email = get_object_or_404(_emails_for(request.user), pk=pk)
    if not email.html:
        raise Http404("This email has no HTML part.")
    return HttpResponse('<base target="_top">' + email.html, content_type="text/html")


@never_cache
@require_GET
def mail_attachment(request, pk, attachment):
    email = get_object_or_404(_emails_for(request.user), pk=pk)
    found = get_object_or_404(OutboundAttachment.objects.filter(email=email), pk=attachment)
    response = HttpResponse(bytes(found.content), content_type=found.mimetype)
    response["Content-Disposition"] = f'attachment; filename="{found.filename}"'
    return response
