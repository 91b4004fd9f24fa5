"""The site's URLs plus one view that fails, to see the 500 page."""

from django.urls import path

from fazhi.urls import urlpatterns as site_urls


def broken(request):
    raise RuntimeError(
        "could not connect to postgresql://fazhi:hunter2-secret@db.internal:5432/fazhi"
    )


urlpatterns = [path("broken/", broken), *site_urls]
