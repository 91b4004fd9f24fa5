from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


def _copy_admin_change(sender, instance, created, **kwargs) -> None:
    # Every change made in Django's admin also lands in the security audit log.
    if created:
        from .services import record_admin_change

        record_admin_change(instance)


class DirectoryConfig(AppConfig):
    name = "fazhi.directory"
    label = "directory"
    verbose_name = _("Directory")

    def ready(self) -> None:
        from django.contrib.admin.models import LogEntry

        post_save.connect(
            _copy_admin_change, sender=LogEntry, dispatch_uid="fazhi-admin-audit"
        )
