"""The security audit log for administrators: logins, locks, two-factor, admin changes."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from fazhi.directory.selectors import may_read_audit_log, security_events

from .forms import AuditFilterForm

PAGE_SIZE = 50


def audit_log(request: HttpRequest) -> HttpResponse:
    """A paginated, filterable list; refused (403) to anyone not allowed to read it."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not may_read_audit_log(request.user):
        raise PermissionDenied
    form = AuditFilterForm(request.GET)
    page = None
    if form.is_valid():
        events = security_events(
            kind=form.cleaned_data["kind"], username=form.cleaned_data["username"]
        )
        page = Paginator(events, PAGE_SIZE).get_page(form.cleaned_data["page"] or 1)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "core/audit_log.html",
        {"form": form, "page": page, "query": query.urlencode()},
        status=200 if form.is_valid() else 400,
    )
