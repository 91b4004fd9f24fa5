"""Working days: the calendar (pure, fast) and the import of State Council notices.

Entry points: `get_calendar()`, `invalidate_calendar()`, `import_holidays()` (in
`services`), the pure `calendar.Calendar`, and the `calendar_changed` signal.
"""

from typing import Any

_EXPORTS = {
    "get_calendar": "services",
    "invalidate_calendar": "services",
    "import_holidays": "services",
    "ImportResult": "services",
    "Calendar": "calendar",
    "Pause": "calendar",
    "build_calendar": "calendar",
    "calendar_changed": "signals",
}


def __getattr__(name: str) -> Any:
    # Lazy, because importing services at app-loading time would load models too early.
    if name in _EXPORTS:
        from importlib import import_module

        return getattr(import_module(f"{__name__}.{_EXPORTS[name]}"), name)
    raise AttributeError(name)
