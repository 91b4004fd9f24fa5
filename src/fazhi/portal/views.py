"""Public pages: no login needed."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def home(request: HttpRequest) -> HttpResponse:
    """The public home page (a placeholder until the portal pages exist)."""
    return render(request, "portal/home.html")
