from django.apps import AppConfig


class DeskConfig(AppConfig):
    name = "fazhi.desk"
    label = "desk"
