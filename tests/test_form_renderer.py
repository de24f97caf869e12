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
