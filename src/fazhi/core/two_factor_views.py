"""The second login step: enrol an authenticator app, or give its current code."""

from base64 import b32encode

import segno
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp import login as otp_login

from fazhi.directory.two_factor import (
    confirm_enrolment,
    confirmed_device,
    device_for_enrolment,
    retry_after,
    verify_code,
)

from .forms import CodeForm
from .net import client_address
from .two_factor import is_verified


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate,
        allowed_hosts={request.get_host()},
        require_https=request.is_secure(),
    ):
        return candidate
    return reverse("core:staff-home")


def _retry_message(device) -> str | None:
    if until := retry_after(device):
        return _("Too many wrong codes. Wait until %(time)s and try again.") % {
            "time": timezone.localtime(until).strftime("%H:%M:%S")
        }
    return None


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """Ask for the code of the person's confirmed device."""
    next_url = _next_url(request)
    if is_verified(request):
        return HttpResponseRedirect(next_url)
    device = confirmed_device(request.user)
    if device is None:
        enrol = reverse("core:two-factor-enrol")
        return HttpResponseRedirect(f"{enrol}?{request.GET.urlencode()}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if message := _retry_message(device):
            form.add_error("code", message)
        else:
            address = client_address(request)
            device = verify_code(request.user, form.cleaned_data["code"], address)
            if device is not None:
                otp_login(request, device)
                return HttpResponseRedirect(next_url)
            form.add_error("code", _("The code is not right. Please try again."))
    return render(
        request, "core/two_factor_verify.html", {"form": form, "next": next_url}
    )


@login_required
def enrol(request: HttpRequest) -> HttpResponse:
    """Show a new secret as a QR code, and confirm it with the app's first code."""
    next_url = _next_url(request)
    if is_verified(request):
        return HttpResponseRedirect(next_url)
    if confirmed_device(request.user) is not None:
        verify_url = reverse("core:two-factor")
        return HttpResponseRedirect(f"{verify_url}?{request.GET.urlencode()}")
    device = device_for_enrolment(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if message := _retry_message(device):
            form.add_error("code", message)
        elif confirm_enrolment(
            request.user, device, form.cleaned_data["code"], client_address(request)
        ):
            device.refresh_from_db()
            otp_login(request, device)
            return HttpResponseRedirect(next_url)
        else:
            form.add_error("code", _("The code is not right. Please try again."))
    secret = b32encode(device.bin_key).decode()
    return render(
        request,
        "core/two_factor_enrol.html",
        {
            "form": form,
            "next": next_url,
            "qr": segno.make(device.config_url, error="m").svg_data_uri(scale=5),
            # Grouped by four, as authenticator apps show and accept it.
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        },
    )
