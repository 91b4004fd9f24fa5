from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProceduresConfig(AppConfig):
    name = "fazhi.procedures"
    label = "procedures"
    verbose_name = _("Procedures and cases")

    def ready(self) -> None:
        from fazhi.workdays.signals import calendar_changed

        calendar_changed.connect(
            _on_calendar_changed, dispatch_uid="procedures-recompute"
        )


def _on_calendar_changed(sender, years, **kwargs) -> None:
    from .engine import recompute_for_years

    recompute_for_years(years)
