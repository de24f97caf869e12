"""Input that can never break a search: the base of every form in Accord.

Every form inherits `SafeForm` or `SafeModelForm` (or puts `SafeFormMixin` first among its
bases; `tests/accounts/test_forms_base.py` walks every form class and fails on one that
does not). Before a form cleans, each of its fields gets the guard its kind needs — so
fields added in a form's `__init__`, and forms written by anyone, are covered alike:

- a single-line text field refuses control characters (CR, LF, NUL, tab, escape, DEL, C1,
  line and paragraph separators): a title with a line break would break every email header
  of its search, a NUL is refused by PostgreSQL (a 500), and neither can be typed into a
  one-line box;
- a multi-line field (a textarea) refuses NUL and the control characters other than tab,
  CR and LF;
- a date or date-time is kept within 2000–2100: a year 9999 overflows when converted
  between time zones and breaks every calendar invite built from it;
- an integer without its own bound stays within ±2^53, which any JSON reader and bigint
  column holds.

Local times in a requisition's time zone go through `local_datetime`: a time that does not
exist (the clocks go forward) is refused with the nearest valid times offered, and one that
happens twice (the clocks go back) is asked about, answered through a `FoldField`.
"""

import datetime
import unicodedata
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.shortcuts import render
from django.utils.formats import date_format

DATE_MIN = datetime.date(2000, 1, 1)
DATE_MAX = datetime.date(2100, 12, 31)
INTEGER_LIMIT = 2**53 - 1
# Control characters a textarea may hold: its own line breaks and tabs.
MULTILINE_ALLOWED = frozenset("\t\n\r")


def _texts(value):
    """Every string inside a cleaned value (a string, a list of lines, a JSON value)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            yield from _texts(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(key)
            yield from _texts(item)


def _is_control(char: str) -> bool:
    # Cc: C0, DEL and C1 controls; Zl/Zp: U+2028/U+2029, read as line breaks by mail
    # clients, JavaScript and some CSV readers.
    return unicodedata.category(char) in {"Cc", "Zl", "Zp"}


def reject_control_characters(value) -> None:
    """For one-line text: no control character at all."""
    for text in _texts(value):
        if any(_is_control(c) for c in text):
            raise ValidationError(
                "Remove the line breaks, tabs or other invisible control characters.",
                code="control_characters",
            )


def reject_nul(value) -> None:
    """For multi-line text: line breaks and tabs are fine, NUL and other controls are not."""
    for text in _texts(value):
        if any(_is_control(c) and c not in MULTILINE_ALLOWED for c in text):
            raise ValidationError(
                "Remove the invisible control characters (such as NUL) from this text.",
                code="null_characters_not_allowed",
            )


def validate_sane_date(value) -> None:
    """Dates and date-times between DATE_MIN and DATE_MAX."""
    if value is None:
        return
    day = value.date() if isinstance(value, datetime.datetime) else value
    if isinstance(day, datetime.date) and not DATE_MIN <= day <= DATE_MAX:
        raise ValidationError(
            f"Pick a date between {DATE_MIN.year} and {DATE_MAX.year}.", code="date_out_of_range"
        )


def guard_field(field: forms.Field) -> None:
    """Give `field` the validators its kind needs, once."""
    if getattr(field, "_accord_guarded", False):
        return
    field._accord_guarded = True
    if isinstance(field, forms.CharField):
        multiline = isinstance(field.widget, forms.Textarea)
        field.validators.append(reject_nul if multiline else reject_control_characters)
    elif isinstance(field, forms.DateField | forms.DateTimeField | forms.SplitDateTimeField):
        field.validators.append(validate_sane_date)
    elif isinstance(field, forms.IntegerField) and not isinstance(
        field, forms.DecimalField | forms.FloatField
    ):
        if field.max_value is None:
            field.validators.append(MaxValueValidator(INTEGER_LIMIT))
        if field.min_value is None:
            field.validators.append(MinValueValidator(-INTEGER_LIMIT))


class SafeFormMixin:
    """Guards every field before the form cleans (see the module's docstring)."""

    asks_fold = False  # set by clean_local_datetime: show the FoldField
    # Fields not required on their own but needed in a case `clean()` checks: name → when,
    # e.g. {"missed_reason": "if it was missed"}. The form renderer writes "needed if it was
    # missed" beside them, never "optional" (issue 25, finding 11: labels that lied).
    required_when: dict[str, str] = {}

    def __getitem__(self, name):
        bound = super().__getitem__(name)
        bound.required_when = self.required_when.get(name, "")
        return bound

    def full_clean(self):
        for field in self.fields.values():
            guard_field(field)
        super().full_clean()


class SafeForm(SafeFormMixin, forms.Form):
    pass


class SafeModelForm(SafeFormMixin, forms.ModelForm):
    pass


# --- a form's page: the refusal next to the field, status 422 -------------------------------
def place_errors(form, error: ValidationError) -> None:
    """Put a domain function's refusal where the person reads it: each message about one
    of the form's fields beside that field, the rest (and messages about fields this form
    does not show) at the top of the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def render_form(request, template: str, context: dict):
    """A form's page: 200 when it is shown, 422 when a POST comes back to it — the input was
    refused, nothing changed, and the messages stand next to the fields."""
    return render(request, template, context, status=422 if request.method == "POST" else 200)


# --- local times in a requisition's time zone -------------------------------------------
def _exists(moment: datetime.datetime, zone) -> bool:
    naive = moment.replace(tzinfo=None)
    return moment.astimezone(datetime.UTC).astimezone(zone).replace(tzinfo=None) == naive


def _hhmm(moment) -> str:
    return moment.strftime("%H:%M")


def _gap_edges(naive: datetime.datetime, zone) -> tuple[datetime.datetime, datetime.datetime]:
    """The local wall times where the clocks jump: (last time before, first time after)."""
    # With fold=0 a missing time reads with the offset before the jump, with fold=1 the
    # one after; the jump's instant lies between the two readings.
    early = naive.replace(tzinfo=zone, fold=1).astimezone(datetime.UTC)
    late = naive.replace(tzinfo=zone, fold=0).astimezone(datetime.UTC)
    while late - early > datetime.timedelta(minutes=1):
        middle = early + (late - early) / 2
        if middle.astimezone(zone).utcoffset() == early.astimezone(zone).utcoffset():
            early = middle
        else:
            late = middle
    jump = late.replace(second=0, microsecond=0)
    return (
        (jump - datetime.timedelta(minutes=1)).astimezone(zone).replace(tzinfo=None),
        jump.astimezone(zone).replace(tzinfo=None),
    )


def _nearest_before(edge: datetime.datetime, step_minutes: int) -> datetime.datetime:
    minute = (edge.minute // step_minutes) * step_minutes
    return edge.replace(minute=minute, second=0, microsecond=0)


def local_datetime(day, time, zone, *, fold: int | None = None) -> datetime.datetime:
    """The aware moment a person means by `day` at `time` in time zone `zone` (a name or a
    ZoneInfo).

    Raises ValidationError, code "date_out_of_range" outside DATE_MIN–DATE_MAX;
    "nonexistent_time" for a time skipped when the clocks go forward, naming the nearest
    valid times before and after; "ambiguous_time" for a time that happens twice when the
    clocks go back and `fold` is None (0 = the first, 1 = the second).
    """
    zone = ZoneInfo(zone) if isinstance(zone, str) else zone
    validate_sane_date(day)
    naive = datetime.datetime.combine(day, time).replace(tzinfo=None)
    first, second = naive.replace(tzinfo=zone, fold=0), naive.replace(tzinfo=zone, fold=1)
    when = date_format(day, "j F Y")
    if not _exists(first, zone):
        before, after = _gap_edges(naive, zone)
        step = 15 if naive.minute % 15 == 0 else 1
        nearest = _nearest_before(before, step)
        raise ValidationError(
            f"{_hhmm(naive)} does not exist on {when} in {zone.key}: the clocks go forward "
            f"from {_hhmm(before + datetime.timedelta(minutes=1))} to {_hhmm(after)}. "
            f"The nearest times are {_hhmm(nearest)} and {_hhmm(after)}.",
            code="nonexistent_time",
            params={"before": nearest, "after": after},
        )
    if first.utcoffset() != second.utcoffset():
        if fold is None:
            raise ValidationError(
                f"{_hhmm(naive)} happens twice on {when} in {zone.key}, because the clocks "
                f"go back: the first time is {first.tzname()} (UTC{_offset(first)}), the "
                f"second {second.tzname()} (UTC{_offset(second)}). Say which one you mean.",
                code="ambiguous_time",
            )
        return second if fold else first
    return first


def _offset(moment) -> str:
    total = int(moment.utcoffset().total_seconds() // 60)
    sign = "+" if total >= 0 else "-"
    return f"{sign}{abs(total) // 60:02d}:{abs(total) % 60:02d}"


class FoldField(forms.TypedChoiceField):
    """The answer to "which of the two?" for a local time that happens twice."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", "This time happens twice that day")
        kwargs.setdefault(
            "choices",
            [
                (0, "The first time, before the clocks go back"),
                (1, "The second time, after the clocks go back"),
            ],
        )
        kwargs.setdefault("widget", forms.RadioSelect)
        super().__init__(coerce=int, required=False, empty_value=None, **kwargs)


def clean_local_datetime(form, *, zone, date_field="date", time_field="time", fold_field="fold"):
    """For a form's clean(): the aware moment from its date, time and (optional) fold
    fields, or None with the error placed on the time field. Sets `form.asks_fold` when the
    person must say which of two identical times they mean (show the fold field then)."""
    data = form.cleaned_data
    day, time = data.get(date_field), data.get(time_field)
    if day is None or time is None:
        return None
    try:
        return local_datetime(day, time, zone, fold=data.get(fold_field))
    except ValidationError as error:
        field = date_field if error.code == "date_out_of_range" else time_field
        form.add_error(field, error)
        if error.code == "ambiguous_time":
            form.asks_fold = True
        return None
