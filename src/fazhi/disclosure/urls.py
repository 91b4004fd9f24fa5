from django.urls import path

from . import views

app_name = "disclosure"
urlpatterns = [
    path("", views.document_list, name="document-list"),
    path("new/", views.document_new, name="document-new"),
    path("<int:pk>/", views.document_detail, name="document-detail"),
    path("<int:pk>/edit/", views.document_edit, name="document-edit"),
    path("<int:pk>/withdraw/", views.document_withdraw, name="document-withdraw"),
    path("<int:pk>/steps/<slug:step>/", views.document_step, name="document-step"),
    path("compliance/", views.compliance, name="compliance"),
    path("publicity/", views.publicity_list, name="publicity-list"),
    path("publicity/<int:pk>/", views.publicity_review, name="publicity-review"),
    path(
        "publicity/export.csv",
        views.publicity_export,
        {"fmt": "csv"},
        name="publicity-export-csv",
    ),
    path(
        "publicity/export.xlsx",
        views.publicity_export,
        {"fmt": "xlsx"},
        name="publicity-export-xlsx",
    ),
]
