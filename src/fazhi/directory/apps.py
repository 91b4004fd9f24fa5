from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "fazhi.directory"
    label = "directory"
