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
