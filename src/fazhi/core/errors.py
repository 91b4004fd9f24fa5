"""Error views that need more than Django's defaults."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .params import InvalidParameter


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    """The 400 page; a parameter refused by `core.params` says what was wrong with it."""
    message = exception.message if isinstance(exception, InvalidParameter) else ""
    return render(request, "400.html", {"message": message}, status=400)
