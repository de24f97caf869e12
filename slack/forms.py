from django import forms

from accounts.forms_base import SafeForm


class SlackChoiceForm(SafeForm):
    direct_messages = forms.BooleanField(
        required=False,
        label="Send my reminders and notices to me in Slack",
        help_text="Off: they come by email, as before. Either way the bell shows them.",
    )
