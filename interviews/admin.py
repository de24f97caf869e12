from django import forms
from django.contrib import admin
from django.utils.html import format_html, format_html_join

from accounts.forms_base import SafeModelForm

from .models import MessageTemplate, OfferDeclineReason
from .rendering import PLACEHOLDERS, SAMPLE_CONTEXT, TemplateProblem, check_template, render_text


class MessageTemplateForm(SafeModelForm):
    class Meta:
        model = MessageTemplate
        fields = ["subject", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 18, "cols": 90})}

    def _checked(self, name):
        value = self.cleaned_data.get(name, "")
        try:
            check_template(value)
        except TemplateProblem as problem:
            raise forms.ValidationError(str(problem)) from problem
        return value

    def clean_subject(self):
        return self._checked("subject")

    def clean_body(self):
        return self._checked("body")


@admin.register(MessageTemplate)
class MessageTemplateAdmin(admin.ModelAdmin):
    """The texts sent to candidates. Rendered by a restricted engine (interviews.rendering):
    the placeholders listed below, `if` and `for`, filters; nothing else."""

    form = MessageTemplateForm
    list_display = ("kind", "subject", "updated_at")
    readonly_fields = ("kind", "placeholders", "preview")
    fields = ("kind", "subject", "body", "placeholders", "preview")

    def has_add_permission(self, request):
        return False  # one per kind, seeded by the migration

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="Placeholders")
    def placeholders(self, obj):
        return format_html(
            "<ul>{}</ul>",
            format_html_join("", "<li><code>{{{{ {} }}}}</code> — {}</li>", PLACEHOLDERS.items()),
        )

    @admin.display(description="Preview with sample data")
    def preview(self, obj):
        if obj is None or not obj.pk:
            return "—"
        return format_html(
            "<p><strong>{}</strong></p><pre style='white-space:pre-wrap'>{}</pre>",
            render_text(obj.subject, SAMPLE_CONTEXT),
            render_text(obj.body, SAMPLE_CONTEXT),
        )


@admin.register(OfferDeclineReason)
class OfferDeclineReasonAdmin(admin.ModelAdmin):
    list_display = ("label", "active", "position")
    list_editable = ("active", "position")
