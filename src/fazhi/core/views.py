"""Staff accounts: login (with lockout), logout, and the staff home page."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from fazhi.directory.selectors import current_assignments, units_visible_to

from .forms import LoginForm


class LoginView(auth_views.LoginView):
    template_name = "core/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            **kwargs, max_failures=settings.FAZHI_LOGIN_MAX_FAILURES
        )


class LogoutView(auth_views.LogoutView):
    """Log out on POST (Django refuses GET logouts), then show the login page."""


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
        },
    )
