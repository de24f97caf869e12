from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path

from .forms import ConfirmImportForm, ImportPeopleForm, InviteForm
from .invitations import import_people, invite_person, preview_people
from .models import User
from .oidc import oidc_enabled


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ("username", "first_name", "last_name", "email", "role", "agency_name")
    list_filter = ("role", "is_active", "groups")
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("Accord", {"fields": ("role", "agency_name", "job_title", "reports_to")}),
    )
    autocomplete_fields = ("reports_to",)
    change_list_template = "admin/accounts/user/change_list.html"

    def get_urls(self):
        own = [
            path(
                "invite/", self.admin_site.admin_view(self.invite_view), name="accounts_user_invite"
            ),
            path(
                "import/", self.admin_site.admin_view(self.import_view), name="accounts_user_import"
            ),
        ]
        return own + super().get_urls()

    def _page(self, request, template, **context):
        return TemplateResponse(
            request,
            template,
            {**self.admin_site.each_context(request), "opts": self.model._meta, **context},
        )

    def invite_view(self, request):
        """Invite a person: their account and an email with the way in."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = InviteForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                person = invite_person(invited_by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"Invitation sent to {person.email}.")
                return redirect("admin:accounts_user_changelist")
        return self._page(
            request,
            "admin/accounts/user/invite.html",
            form=form,
            title="Invite a person",
            sso=oidc_enabled(),
        )

    def import_view(self, request):
        """Import people from a CSV: upload, a preview row by row, then confirm."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        title = "Import people from a CSV file"
        if request.method == "POST" and "payload" in request.POST:
            confirm = ConfirmImportForm(request.POST)
            if confirm.is_valid():
                try:
                    people = import_people(
                        text=confirm.cleaned_data["payload"], invited_by=request.user
                    )
                except ValidationError as error:
                    messages.error(request, " ".join(error.messages))
                else:
                    messages.success(request, f"{len(people)} people invited.")
                    return redirect("admin:accounts_user_changelist")
            else:
                messages.error(request, " ".join(confirm.errors.get("payload", [])))
            return redirect("admin:accounts_user_import")
        form = ImportPeopleForm(request.POST or None, request.FILES or None)
        preview = payload = None
        if request.method == "POST" and form.is_valid():
            text = form.cleaned_data["file"]
            preview = preview_people(text)
            if not preview.problems and preview.to_invite:
                payload = signing.dumps(text, salt="accounts.import", compress=True)
        return self._page(
            request,
            "admin/accounts/user/import.html",
            form=form,
            preview=preview,
            confirm=ConfirmImportForm(initial={"payload": payload}) if payload else None,
            title=title,
        )
