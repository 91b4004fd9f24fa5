"""Login forms: failed logins counted per (username, address), and the two-factor code."""

from django import forms
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import RegexValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fazhi.directory.models import SecurityEventKind
from fazhi.directory.services import login_locked_until, record_login_failure

from .net import client_address


class LockoutMixin:
    """Refuse a (username, address) pair after too many failures, even the right password.

    Known and unknown usernames are treated alike: both count failures, both lock, and
    both get the same messages, so the form says nothing about which accounts exist.
    """

    locked_message = _(
        "Too many failed logins for this username from your address. Please try again "
        "in %(minutes)d minutes, or ask a system administrator to unlock it."
    )

    def _locked_error(self, until) -> forms.ValidationError:
        seconds = (until - timezone.now()).total_seconds()
        return forms.ValidationError(
            self.locked_message,
            code="account_locked",
            params={"minutes": max(1, int(seconds + 59) // 60)},
        )

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is None or not password:
            return self.cleaned_data
        address = client_address(self.request)
        if until := login_locked_until(username, address):
            raise self._locked_error(until)
        self.user_cache = authenticate(
            self.request, username=username, password=password
        )
        if self.user_cache is None:
            person = get_user_model()._default_manager.filter(username=username).first()
            if until := record_login_failure(username, address, person):
                raise self._locked_error(until)
            raise self.get_invalid_login_error()
        self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


class LoginForm(LockoutMixin, AuthenticationForm):
    """The staff login form (the admin site sends its logins here too)."""

    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )


class CodeForm(forms.Form):
    """The six-digit code of an authenticator app."""

    code = forms.CharField(
        label=_("Six-digit code"),
        max_length=6,
        min_length=6,
        validators=[
            RegexValidator(r"^[0-9]{6}$", _("Enter the six digits the app shows."))
        ],
        widget=forms.TextInput(
            attrs={
                "autofocus": True,
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9]{6}",
            }
        ),
    )

    def clean_code(self) -> str:
        return self.cleaned_data["code"].strip()


class AuditFilterForm(forms.Form):
    """The audit log's query string: kind, username and page, each checked."""

    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *SecurityEventKind.choices],
    )
    username = forms.CharField(label=_("Username"), required=False, max_length=150)
    page = forms.IntegerField(
        label=_("Page"), required=False, min_value=1, max_value=100000
    )
