from django.urls import path

from . import audit_views, two_factor_views, views

app_name = "core"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("home/", views.staff_home, name="staff-home"),
    path("two-factor/", two_factor_views.verify, name="two-factor"),
    path("two-factor/enrol/", two_factor_views.enrol, name="two-factor-enrol"),
    path("audit/", audit_views.audit_log, name="audit"),
]
