from django import forms

from accounts.forms_base import SafeForm
from hiring.models import Requisition


class StatusBoardFilterForm(SafeForm):
    state = forms.ChoiceField(
        required=False, choices=[("", "Active (open, draft, on hold)"), *Requisition.State.choices]
    )
    department = forms.CharField(required=False, max_length=80)
    overdue = forms.BooleanField(required=False, label="Only searches with something overdue")
