from django.contrib import admin

from .models import (
    Agreement,
    AgreementDefaults,
    IntakeSession,
    ResponsibilityTemplateStep,
    SearchDecline,
    ServiceLevelDefault,
    Signature,
    StageLimitDefault,
)


@admin.register(ResponsibilityTemplateStep)
class ResponsibilityTemplateStepAdmin(admin.ModelAdmin):
    """The default matrix new agreements copy; `clean` keeps each row to one A, one R+."""

    list_display = ("step", "recruiter", "hr_generalist", "hiring_manager")
    list_editable = ("recruiter", "hr_generalist", "hiring_manager")
    ordering = ("pk",)


@admin.register(ServiceLevelDefault)
class ServiceLevelDefaultAdmin(admin.ModelAdmin):
    list_display = ("kind", "owner_party", "amount", "unit")
    list_editable = ("owner_party", "amount", "unit")


@admin.register(StageLimitDefault)
class StageLimitDefaultAdmin(admin.ModelAdmin):
    """How long a candidate may sit in each stage in new agreements (intake.parts)."""

    list_display = ("stage", "party", "days")
    list_editable = ("party", "days")


@admin.register(AgreementDefaults)
class AgreementDefaultsAdmin(admin.ModelAdmin):
    """One row: the calibration round, the rejection-pattern threshold and the agreed
    consequences new agreements start from."""

    list_display = ("__str__", "calibration_round", "rejection_threshold", "mark_at_risk")

    def has_add_permission(self, request):
        return not AgreementDefaults.objects.exists()


class SignatureInline(admin.TabularInline):
    model = Signature
    extra = 0
    can_delete = False
    readonly_fields = ("party", "signer", "signed_at")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    """Read-only: versions change only through the agreement page's domain functions."""

    list_display = ("requisition", "version", "state", "sent_at", "activated_at")
    list_filter = ("state",)
    inlines = [SignatureInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(IntakeSession)
class IntakeSessionAdmin(admin.ModelAdmin):
    list_display = ("requisition", "starts_at", "channel", "held_at")
    # Held and cancelled are lifecycle moves (holding it opens the signatures, with their
    # deadlines): only intake.sessions makes them, never an edit here (issue 25).
    readonly_fields = ("held_at", "held_marked_by", "cancelled_at", "sequence")


@admin.register(SearchDecline)
class SearchDeclineAdmin(admin.ModelAdmin):
    list_display = ("requisition", "declined_by", "declined_at")
    readonly_fields = ("requisition", "declined_by", "reason", "declined_at")
