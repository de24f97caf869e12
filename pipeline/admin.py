from django.contrib import admin

from .models import Application, Candidate, DispositionReason, StageChange


@admin.register(DispositionReason)
class DispositionReasonAdmin(admin.ModelAdmin):
    """The organisation's list of why applications close. Retire a reason by unticking
    "active" rather than deleting it: closed applications keep pointing at it."""

    list_display = ("label", "side", "is_active", "position", "code")
    list_editable = ("is_active", "position")
    list_filter = ("side", "is_active")
    prepopulated_fields = {"code": ("label",)}

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        # Code reads some codes (a failed knock-out proposes "knockout_answer").
        return ("code",) if obj else ()

    def get_prepopulated_fields(self, request, obj=None):
        # The code is filled from the label only while it can be typed (a new reason): on a
        # saved one it is read-only, not in the form, and the admin's change page raised.
        return {} if obj else self.prepopulated_fields


class StageChangeInline(admin.TabularInline):
    model = StageChange
    extra = 0
    can_delete = False
    fields = ("at", "from_label", "to_label", "by", "reason", "note")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    """Read-only: stages move through the pages, where the gates are."""

    list_display = ("candidate", "requisition", "stage", "stage_changed_at", "sourced_by")
    list_filter = ("stage",)
    search_fields = ("candidate__name", "candidate__email", "requisition__title")
    list_select_related = ("candidate", "requisition", "sourced_by")
    inlines = [StageChangeInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):
    list_display = ("name", "email", "current_title", "current_company", "created_at")
    search_fields = ("name", "email")
