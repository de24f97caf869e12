from django.contrib.auth.forms import AuthenticationForm

from accounts.forms_base import SafeFormMixin


class LoginForm(SafeFormMixin, AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update({"autocomplete": "username"})
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})
