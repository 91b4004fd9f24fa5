"""Login forms that count failed logins and refuse locked accounts."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from fazhi.directory.services import record_login_failure, record_login_success


class LockoutMixin:
    """Refuse a locked account even with the right password; lock after too many failures.

    Used by both the staff login page and the admin's login, so there is one rule for both.
    """

    locked_message = _(
        "This account is locked after too many failed logins. "
        "Please contact a system administrator to unlock it."
    )

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is None or not password:
            return self.cleaned_data
        person = get_user_model()._default_manager.filter(username=username).first()
        if person is not None and person.is_locked:
            raise forms.ValidationError(self.locked_message, code="account_locked")
        self.user_cache = authenticate(
            self.request, username=username, password=password
        )
        if self.user_cache is None:
            if person is not None and person.is_active:
                record_login_failure(person)
                if person.is_locked:
                    raise forms.ValidationError(
                        self.locked_message, code="account_locked"
                    )
            raise self.get_invalid_login_error()
        self.confirm_login_allowed(self.user_cache)
        record_login_success(self.user_cache)
        return self.cleaned_data


class LoginForm(LockoutMixin, AuthenticationForm):
    """The staff login form."""

    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )


class AdminLoginForm(LockoutMixin, AdminAuthenticationForm):
    """The admin's login form, with the same lockout rule as the staff login."""
