from django.urls import path

from . import views

app_name = "workbench"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("cases/new/", views.case_new, name="case-new"),
    path("cases/<str:number>/", views.case_detail, name="case-detail"),
    path("cases/<str:number>/act/<slug:action>/", views.case_act, name="case-act"),
    path("cases/<str:number>/assign/", views.case_assign, name="case-assign"),
    path("cases/<str:number>/files/", views.case_attach, name="case-attach"),
    path(
        "cases/<str:number>/files/<int:pk>/",
        views.case_attachment,
        name="case-attachment",
    ),
]
