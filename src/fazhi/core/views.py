"""Staff accounts: login (with lockout and the two-factor step), logout, staff home."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from fazhi.directory.selectors import (
    current_assignments,
    may_read_audit_log,
    units_visible_to,
)
from fazhi.directory.services import record_login_success, record_logout
from fazhi.directory.two_factor import two_factor_step

from .forms import LoginForm
from .net import client_address
from .two_factor import NOT_NEEDED_KEY


class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **kwargs,
            max_failures=settings.FAZHI_LOGIN_MAX_FAILURES,
            cooloff_minutes=max(1, settings.FAZHI_LOGIN_COOLOFF_SECONDS // 60),
        )

    def form_valid(self, form):
        """The password is right: log in, then ask for the code if one is needed."""
        person = form.get_user()
        auth_login(self.request, person)
        record_login_success(
            person, client_address(self.request), detail="password accepted"
        )
        self.request.session.pop(NOT_NEEDED_KEY, None)
        step = two_factor_step(person)
        if step is None:
            self.request.session[NOT_NEEDED_KEY] = True
            return HttpResponseRedirect(self.get_success_url())
        name = "core:two-factor" if step == "verify" else "core:two-factor-enrol"
        query = urlencode({"next": self.get_success_url()})
        return HttpResponseRedirect(f"{reverse(name)}?{query}")


class LogoutView(auth_views.LogoutView):
    """Log out on POST (Django refuses GET logouts), then show the login page."""

    def post(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            record_logout(request.user, client_address(request))
        return super().post(request, *args, **kwargs)


@login_required
def staff_home(request: HttpRequest) -> HttpResponse:
    """Show who is logged in: name, work unit, roles and the units they cover."""
    person = request.user
    return render(
        request,
        "core/staff_home.html",
        {
            "person": person,
            "assignments": current_assignments(person),
            "visible_unit_count": units_visible_to(person).count(),
            "can_read_audit_log": may_read_audit_log(person),
        },
    )
