"""Fixtures for the workdays tests: a fresh calendar cache, and this app's translations."""

import shutil
import subprocess
from pathlib import Path

import pytest

from fazhi.workdays.calendar import build_calendar
from fazhi.workdays.services import invalidate_calendar

PART = Path(__file__).resolve().parents[2] / "locale" / "parts" / "workdays.po"
HEADER = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'


@pytest.fixture(scope="session")
def pure_calendar():
    """chinese-calendar's data alone, no database: 2004-2026 known, later years weekends."""
    return build_calendar()


@pytest.fixture(autouse=True)
def _fresh_calendar():
    """Drop the process-wide calendar around each test: an import is rolled back after it."""
    invalidate_calendar()
    yield
    invalidate_calendar()


@pytest.fixture(scope="session")
def _workdays_locale(tmp_path_factory):
    """Compile locale/parts/workdays.po, so messages read in Chinese before the lead merges it."""
    if not shutil.which("msgfmt"):
        return None
    root = tmp_path_factory.mktemp("locale")
    out = root / "zh_Hans" / "LC_MESSAGES"
    out.mkdir(parents=True)
    po = out / "django.po"
    po.write_text(HEADER + PART.read_text(encoding="utf-8"), encoding="utf-8")
    subprocess.run(["msgfmt", "-o", str(out / "django.mo"), str(po)], check=True)  # noqa: S603,S607
    return root


@pytest.fixture(autouse=True)
def _chinese_messages(_workdays_locale, settings):
    if _workdays_locale is not None:
        settings.LOCALE_PATHS = [_workdays_locale, *settings.LOCALE_PATHS]
