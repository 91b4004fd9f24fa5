from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    name = "fazhi.disclosure"
    label = "disclosure"

    def ready(self) -> None:
        from fazhi.procedures.signals import case_changed

        from .receivers import on_case_changed

        case_changed.connect(on_case_changed, dispatch_uid="disclosure-publicity")
