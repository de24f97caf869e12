from django.contrib import admin

from .models import Activity, HiringTeamMember, Requisition


class HiringTeamInline(admin.TabularInline):
    model = HiringTeamMember
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Requisition)
class RequisitionAdmin(admin.ModelAdmin):
    list_display = ("title", "department", "state", "priority", "created_at")
    list_filter = ("state", "priority", "employment_type")
    search_fields = ("title", "department", "location")
    inlines = [HiringTeamInline]
    # The state and its dates move only through hiring.lifecycle.move_requisition, which
    # asks who may, journals the move and makes commitments, check-ins and candidates
    # follow it (issue 25, finding 1): here they are read, never written.
    readonly_fields = ("state", "held_by_party", "opened_at", "closed_at")


@admin.register(Activity)
class ActivityAdmin(admin.ModelAdmin):
    """The journal is a record: read-only to everyone, superusers included. Entries are
    written by the domain functions and only erasure rewrites them (names removed)."""

    list_display = ("requisition", "actor", "kind", "summary", "created_at")
    list_filter = ("kind",)
    readonly_fields = ("requisition", "actor", "kind", "summary", "details", "created_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
