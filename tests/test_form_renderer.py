"""Every field is drawn by the form renderer (templates/forms/field.html): label, help and
errors next to the field, tied to it for screen readers."""

from django import forms

from accounts.forms_base import SafeForm


class _Example(SafeForm):
    title = forms.CharField(max_length=5, help_text="Short, please.")
    channels = forms.MultipleChoiceField(
        choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple, required=False
    )


def test_a_field_group_has_its_label_help_and_error_tied_to_the_input():
    form = _Example({"title": "far too long"})
    html = form["title"].as_field_group()

    assert '<div class="field field--invalid">' in html
    assert '<label for="id_title">Title</label>' in html
    assert '<p class="field__help" id="id_title_helptext">Short, please.</p>' in html
    assert 'id="id_title_error"' in html
    assert 'aria-describedby="id_title_helptext id_title_error"' in html
    assert 'aria-invalid="true"' in html


def test_choices_are_a_fieldset_with_a_legend():
    html = _Example()["channels"].as_field_group()
    assert '<fieldset class="field field--group">' in html
    assert "<legend>Channels" in html and 'class="optional"' in html


def test_a_date_is_written_into_a_date_input_as_iso_so_the_browser_keeps_it():
    import datetime

    from django.utils import translation

    widget = forms.DateInput(attrs={"type": "date"})
    with translation.override("en-gb"):
        html = widget.render("day", datetime.date(2026, 12, 1))
        assert 'value="2026-12-01"' in html
        # British dates typed by hand still read.
        assert forms.DateField().clean("01/12/2026") == datetime.date(2026, 12, 1)


class _Everything(SafeForm):
    REASONS = [(1, "Too <junior>"), (2, "Salary & “band”"), (3, 'Said "no"')]
    name = forms.CharField(initial='A <b>"bold"</b> & name')
    email = forms.EmailField(required=False)
    count = forms.IntegerField(initial=5)
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True), initial="x&y")
    token = forms.CharField(widget=forms.HiddenInput, initial="t<0>")
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    agree = forms.BooleanField(required=False, initial=True)
    off = forms.BooleanField(required=False, widget=forms.CheckboxInput(attrs={"disabled": False}))
    note = forms.CharField(widget=forms.Textarea, initial="line <1>\nline & 2")
    empty_note = forms.CharField(widget=forms.Textarea, required=False)
    reason = forms.TypedChoiceField(choices=REASONS, coerce=int, widget=forms.RadioSelect)
    kinds = forms.MultipleChoiceField(
        choices=[("a", "A & a"), ("b", "<B>")], widget=forms.CheckboxSelectMultiple
    )


def _by_templates(renderer, name, context):
    return renderer.get_template(name).render(context).strip()


def test_widgets_drawn_in_python_are_the_templates_to_the_character():
    """config.forms draws one-line widgets without their templates: the same HTML, whether
    bound or not, with errors, values to escape, True/False attributes and labels."""
    from config.forms import INPUTS, OPTIONS, TEXTAREA

    for form in (
        _Everything(),
        _Everything({"name": "<x>", "reason": "2", "kinds": ["a", "b"], "agree": "on"}),
        _Everything({"count": "many", "note": "<script>"}),
    ):
        renderer = form.renderer
        assert renderer._own_templates
        drawn = []
        original = renderer.render

        def spy(
            template_name, context, request=None, *, _drawn=drawn, _original=original, _r=renderer
        ):
            fast = _original(template_name, context, request)
            if template_name in INPUTS | OPTIONS | {TEXTAREA}:
                _drawn.append(template_name)
                assert fast == _by_templates(_r, template_name, context), template_name
            return fast

        renderer.render = spy
        try:
            for field in form:
                field.as_widget()
                for option in getattr(field, "subwidgets", []):
                    option.tag()
                    option.tag(wrap_label=True)
        finally:
            del renderer.render
        assert {name.rsplit("/", 1)[1] for name in drawn} >= {
            "text.html",
            "email.html",
            "number.html",
            "password.html",
            "hidden.html",
            "date.html",
            "checkbox.html",
            "textarea.html",
            "radio_option.html",
            "checkbox_option.html",
        }
