from django.urls import path

from . import views

app_name = "desk"
urlpatterns = [
    path("", views.queue, name="queue"),
    path("call/", views.call_start, name="call-start"),
    path(
        "call/enterprise/",
        views.call_form,
        {"kind": "enterprise"},
        name="call-enterprise",
    ),
    path("call/citizen/", views.call_form, {"kind": "citizen"}, name="call-citizen"),
    path("call/filed/", views.call_filed, name="call-filed"),
    path("status/", views.status, name="status"),
    path("new/", views.staff_call, name="staff-call"),
    path("confirm/", views.confirm_all, name="confirm-all"),
    path("calls/<str:number>/dispatch/", views.dispatch, name="call-dispatch"),
    path("co-handling/", views.co_handling, name="co-handling"),
    path("rates/", views.rates, name="rates"),
    path("hot/", views.hot_issues, name="hot"),
    path("hot/follow-up/", views.follow_up, name="follow-up"),
    path("screen/", views.screen, name="screen"),
    path("screen.json", views.screen_json, name="screen-json"),
    path("catalogue/", views.catalogue_view, name="catalogue"),
]
