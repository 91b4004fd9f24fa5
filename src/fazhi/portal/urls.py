from django.contrib.sitemaps.views import sitemap
from django.urls import path

from . import feeds, verification, views
from .sitemaps import SITEMAPS

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    # The index number contains a "/" (credit code / year-serial): a path converter keeps
    # it readable in the permanent link.
    path(
        "documents/<path:index_number>/", views.document_detail, name="document-detail"
    ),
    path("documents/", views.catalogue, name="documents"),
    path(
        "signed/<path:index_number>",
        verification.signed_document,
        name="signed-document",
    ),
    path("record/anchors/", verification.anchors, name="anchors"),
    path("record/anchors/<slug:name>.json", verification.anchor, name="anchor"),
    path("record/public-key.pem", verification.public_key, name="public-key"),
    path("verify/", verification.verify_publication, name="verify-publication"),
    path("library/", views.library_list, name="library"),
    path("library/<int:pk>/", views.library_detail, name="library-detail"),
    path("search/", views.search_page, name="search"),
    path("guides/", views.guide_list, name="guides"),
    path("guides/<slug:key>/", views.guide_detail, name="guide"),
    path("request/", views.request_form, name="request"),
    path("request/done/", views.request_done, name="request-done"),
    path("track/", views.track, name="track"),
    path("favorites/", views.favorites, name="favorites"),
    path("prefs/", views.set_prefs, name="prefs"),
    path("feeds/documents.rss", feeds.DocumentsRss(), name="feed-rss"),
    path("feeds/documents.atom", feeds.DocumentsAtom(), name="feed-atom"),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
]
