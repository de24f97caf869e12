"""The form renderer: every `{{ field.as_field_group }}` draws the field as Accord does
everywhere — label, help and errors next to the field (templates/forms/field.html); Django
adds aria-describedby and aria-invalid to the widget.

It also draws Django's one-line widgets (an `<input>`, a radio or checkbox option, a
`<textarea>`) in Python, to the character what their templates draw: a page renders them
by the dozen (the review page's reason radios, `{{ radio.tag }}` each), and each went
through three nested templates (input_option → input → attrs), about 0.1 ms apiece. Only
while those templates are Django's own: a project template overriding one is rendered as
it says (`_own_templates`)."""

from functools import cached_property
from pathlib import Path

import django.forms
from django.forms.renderers import TemplatesSetting
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe

WIDGETS = "django/forms/widgets/"
# Each of these templates is `{% include "django/forms/widgets/input.html" %}` alone.
INPUTS = {
    f"{WIDGETS}{name}.html"
    for name in [
        "input",
        "checkbox",
        "color",
        "date",
        "datetime",
        "email",
        "file",
        "hidden",
        "number",
        "password",
        "search",
        "tel",
        "text",
        "time",
        "url",
    ]
}
# `{% include "django/forms/widgets/input_option.html" %}`: the input, maybe in its label.
OPTIONS = {f"{WIDGETS}radio_option.html", f"{WIDGETS}checkbox_option.html"}
TEXTAREA = f"{WIDGETS}textarea.html"
INCLUDED = (f"{WIDGETS}attrs.html", f"{WIDGETS}input_option.html")
DJANGO_TEMPLATES = Path(django.forms.__file__).parent / "templates"


def _text(value) -> str:
    """`{{ value|stringformat:'s' }}`: as text, escaped unless already safe."""
    return conditional_escape(value if isinstance(value, SafeData) else str(value))


def _attrs(attrs) -> str:
    """attrs.html: ` name="value"`, ` name` for True, nothing for False."""
    drawn = []
    for name, value in attrs.items():
        if value is True:
            drawn.append(f" {conditional_escape(name)}")
        elif value is not False:
            drawn.append(f' {conditional_escape(name)}="{_text(value)}"')
    return "".join(drawn)


def _input(widget) -> str:
    value = "" if widget["value"] is None else f' value="{_text(widget["value"])}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" '
        f'name="{conditional_escape(widget["name"])}"{value}{_attrs(widget["attrs"])}>'
    )


class FormRenderer(TemplatesSetting):
    field_template_name = "forms/field.html"

    def render(self, template_name, context, request=None):
        widget = context.get("widget") if len(context) == 1 else None
        if widget is not None and self._own_templates:
            if template_name in INPUTS:
                return mark_safe(_input(widget))
            if template_name in OPTIONS:
                if not widget.get("wrap_label"):
                    return mark_safe(_input(widget))
                label_for = widget["attrs"].get("id")
                opening = (
                    f'<label for="{conditional_escape(label_for)}">' if label_for else "<label>"
                )
                return mark_safe(
                    f"{opening}{_input(widget)}\n {conditional_escape(widget['label'])}</label>"
                )
            if template_name == TEXTAREA and isinstance(widget["value"], str | None):
                text = conditional_escape(widget["value"]) if widget["value"] else ""
                return mark_safe(
                    f'<textarea name="{conditional_escape(widget["name"])}"'
                    f"{_attrs(widget['attrs'])}>\n{text}</textarea>"
                )
        return super().render(template_name, context, request=request)

    @cached_property
    def _own_templates(self) -> bool:
        """Whether every widget template drawn above resolves to Django's own file."""
        names = [*INPUTS, *OPTIONS, TEXTAREA, *INCLUDED]
        return all(
            Path(self.get_template(name).origin.name).is_relative_to(DJANGO_TEMPLATES)
            for name in names
        )
