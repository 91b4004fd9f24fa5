from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("accounts/", include("fazhi.core.urls")),
    path("work/disclosure/", include("fazhi.disclosure.urls")),
    path("work/", include("fazhi.workbench.urls")),
    path("desk/", include("fazhi.desk.urls")),
    path("catalogue/", include("fazhi.disclosure.public_urls")),
    path("", include("fazhi.portal.urls")),
]

# A refused query parameter explains itself on the 400 page.
handler400 = "fazhi.core.errors.bad_request"
