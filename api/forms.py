from django import forms

from accounts.forms_base import SafeForm

from .models import AccessToken
from .tokens import EXPIRY_CHOICES


class TokenForm(SafeForm):
    name = forms.CharField(
        max_length=80, help_text="What uses it, e.g. “ATS sync” — to recognise it later."
    )
    scope = forms.ChoiceField(
        choices=AccessToken.Scope.choices,
        initial=AccessToken.Scope.READ,
        widget=forms.RadioSelect,
        help_text="Read-write tokens can create searches, add candidates and move them.",
    )
    days = forms.TypedChoiceField(
        label="Expires after", choices=EXPIRY_CHOICES, coerce=int, initial=90
    )
