"""In the admin, a candidate is never deleted: deleting would skip erasure (files left in
storage, names left in journals and emails, figures broken). The candidate list offers
"Erase personal data" instead, which calls the same erasure as the candidate's page, after
the same typed confirmation, for those who may handle personal data."""

from django.contrib import admin, messages
from django.contrib.admin.options import ActionLocation
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse

from pipeline.admin import CandidateAdmin as PipelineCandidateAdmin
from pipeline.models import Candidate

from .access import can_handle_personal_data
from .erasure import erase_candidate
from .forms import EraseForm

admin.site.unregister(Candidate)


@admin.register(Candidate)
class CandidateAdmin(PipelineCandidateAdmin):
    actions = ["erase_personal_data"]

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location)
        if not can_handle_personal_data(request.user):
            actions.pop("erase_personal_data", None)
        return actions

    @admin.action(description="Erase personal data of the selected candidates")
    def erase_personal_data(self, request, queryset):
        if not can_handle_personal_data(request.user):
            raise PermissionDenied
        form = EraseForm(request.POST if "confirm" in request.POST else None)
        if form.is_bound and form.is_valid():
            erased = 0
            for candidate in queryset.filter(erasure__isnull=True):
                erase_candidate(candidate=candidate, by=request.user)
                erased += 1
            messages.success(request, f"{erased} candidate{'s' if erased != 1 else ''} erased.")
            return None  # back to the list
        return TemplateResponse(
            request,
            "admin/privacy/erase_candidates.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": "Erase personal data",
                "candidates": queryset,
                "form": form,
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )
