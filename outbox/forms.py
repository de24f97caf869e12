from django import forms

from accounts.forms_base import SafeForm


class MailFilterForm(SafeForm):
    q = forms.CharField(label="To or subject", required=False, max_length=200)
