"""The admin site: one login (the staff login) and a verified device for superusers."""

from urllib.parse import urlencode

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse

from .two_factor import is_verified


class FazhiAdminSite(admin.AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        if not super().has_permission(request):
            return False
        # A stolen password alone must not open the admin of a superuser.
        return not request.user.is_superuser or is_verified(request)

    def login(self, request: HttpRequest, extra_context=None):
        """Send everyone to the staff login, which has the lockout and two-factor steps."""
        next_url = request.GET.get("next") or reverse(
            "admin:index", current_app=self.name
        )
        query = urlencode({"next": next_url})
        if not request.user.is_authenticated:
            return HttpResponseRedirect(f"{reverse('core:login')}?{query}")
        if request.user.is_staff and request.user.is_superuser:
            return HttpResponseRedirect(f"{reverse('core:two-factor')}?{query}")
        # Logged in but not staff: the login page would send them straight back here.
        raise PermissionDenied
