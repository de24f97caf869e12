"""The form renderer: every `{{ field.as_field_group }}` draws the field as Accord does
everywhere — label, help and errors next to the field (templates/forms/field.html); Django
adds aria-describedby and aria-invalid to the widget."""

from django.forms.renderers import TemplatesSetting


class FormRenderer(TemplatesSetting):
    field_template_name = "forms/field.html"
