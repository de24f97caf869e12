from django import forms
from django.core.exceptions import ValidationError

from accounts.forms_base import SafeForm

from .addresses import Refused, check_typed
from .catalogue import grouped_choices
from .models import Endpoint


class EventCheckboxes(forms.CheckboxSelectMultiple):
    """The events in their groups, each with its code (templates/webhooks/widgets/)."""

    template_name = "webhooks/widgets/events.html"
    option_template_name = "webhooks/widgets/event_option.html"


class EndpointForm(SafeForm):
    """An endpoint's settings. The kind is chosen once, when it is made (a signed endpoint
    has a secret, a Teams one a card format); `active` only when editing."""

    name = forms.CharField(max_length=80, help_text="What receives it, e.g. “ATS sync”.")
    kind = forms.ChoiceField(
        label="Kind",
        choices=Endpoint.Kind.choices,
        initial=Endpoint.Kind.SIGNED,
        widget=forms.RadioSelect,
        help_text="Signed JSON for a service of your own; a Teams channel gets a card instead.",
    )
    url = forms.CharField(
        label="Address (URL)",
        max_length=500,
        widget=forms.URLInput(attrs={"placeholder": "https://hooks.example.com/accord"}),
        help_text="http:// or https:// and a public address.",
    )
    events = forms.MultipleChoiceField(
        label="Events to send",
        choices=grouped_choices,
        widget=EventCheckboxes,
        help_text="Every notice people get, and a commitment overdue, escalated or met.",
    )
    active = forms.BooleanField(
        label="Send new events",
        required=False,
        initial=True,
        help_text="Untick to pause: nothing new is written for it until you tick it again.",
    )

    def __init__(self, *args, endpoint=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.endpoint = endpoint
        if endpoint is None:
            del self.fields["active"]
        else:
            del self.fields["kind"]

    def clean_url(self):
        url = self.cleaned_data["url"].strip()
        try:
            check_typed(url)
        except Refused as refusal:
            raise ValidationError(str(refusal), code="refused") from None
        return url
