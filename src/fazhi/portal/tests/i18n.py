"""Make the portal's Chinese translations visible to tests before the lead merges them.

The portal keeps its translations in `locale/parts/portal.po` (merged into django.po by
the lead). `use_portal_catalog(settings)` compiles that part into a scratch locale folder
and puts it first in LOCALE_PATHS; after the merge it changes nothing.
"""

import shutil
import subprocess
import tempfile
from functools import cache
from pathlib import Path

import fazhi

PART = Path(fazhi.__file__).resolve().parent / "locale" / "parts" / "portal.po"
HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Plural-Forms: nplurals=1; plural=0;\\n"\n\n'
)


@cache
def compiled_catalog() -> str | None:
    """Compile the portal part once per process; return the locale folder (or None)."""
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None or not PART.exists():
        return None
    root = Path(tempfile.mkdtemp(prefix="fazhi-portal-locale-"))
    target = root / "zh_Hans" / "LC_MESSAGES"
    target.mkdir(parents=True)
    po = target / "django.po"
    po.write_text(HEADER + PART.read_text(encoding="utf-8"), encoding="utf-8")
    subprocess.run(  # noqa: S603 - a fixed tool on a file we just wrote
        [msgfmt, "--check-format", "-o", str(target / "django.mo"), str(po)],
        check=True,
    )
    return str(root)


def use_portal_catalog(settings) -> None:
    """Put the compiled portal catalogue first (pytest-django's `settings` fixture)."""
    folder = compiled_catalog()
    if folder and folder not in settings.LOCALE_PATHS:
        settings.LOCALE_PATHS = [folder, *settings.LOCALE_PATHS]
