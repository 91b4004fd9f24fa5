"""The dispatch catalogue (派单目录): category -> responsible unit, level, time limit.

The catalogue is data that administrators edit: a CSV file with the columns
事项类别, 责任单位, 层级, 办理时限（工作日）. The district's own file is
`var/desk/dispatch_catalogue.csv` (or any file given); there is no fallback: a district
without a catalogue file gets a clear refusal. Every category the router can suggest
needs a row.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from .data import _read_text
from .errors import RoutingError

CATEGORY = "事项类别"
UNIT = "责任单位"
LEVEL = "层级"
TIME_LIMIT = "办理时限（工作日）"
CATALOGUE_COLUMNS = (CATEGORY, UNIT, LEVEL, TIME_LIMIT)
LEVELS = ("区级", "镇街", "村居")


@dataclass(frozen=True)
class CatalogueEntry:
    """Where a category of calls goes, at which level, within how many working days."""

    category: str
    unit: str
    level: str
    time_limit_workdays: int


def catalogue_path() -> Path:
    """Return the district's catalogue file (it may not exist)."""
    return Path(settings.FAZHI_VAR_DIR) / "desk" / "dispatch_catalogue.csv"


def load_catalogue(path: str | Path | None = None) -> dict[str, CatalogueEntry]:
    """Read and check a catalogue file; return its entries by category.

    Raises RoutingError listing every bad line (unknown level, a time limit that is not
    a positive whole number, an empty cell, a category listed twice).
    """
    if not path and not catalogue_path().is_file():
        raise RoutingError(
            _(
                "This district has no dispatch catalogue file (%(path)s); import one with fazhi desk catalogue-load --file CSV."
            )
            % {"path": catalogue_path()},
            code="no_catalogue",
        )
    path = Path(path) if path else catalogue_path()
    reader = csv.DictReader(_read_text(path).splitlines())
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in CATALOGUE_COLUMNS if c not in header]
    if missing:
        raise RoutingError(
            _("%(path)s lacks the column(s) %(missing)s of the dispatch catalogue.")
            % {"path": path.name, "missing": "、".join(missing)},
            code="bad_columns",
        )
    reader.fieldnames = header
    entries: dict[str, CatalogueEntry] = {}
    problems: list[str] = []
    for row in reader:
        cells = {c: (row.get(c) or "").strip() for c in CATALOGUE_COLUMNS}
        if not any(cells.values()):
            continue
        line = reader.line_num
        if not all(cells.values()):
            problems.append(_("line %(line)d: an empty cell") % {"line": line})
            continue
        if cells[LEVEL] not in LEVELS:
            problems.append(
                _("line %(line)d: level “%(value)s” is not one of %(levels)s")
                % {"line": line, "value": cells[LEVEL], "levels": "、".join(LEVELS)}
            )
            continue
        try:
            days = int(cells[TIME_LIMIT])
        except ValueError:
            days = 0
        if days <= 0:
            problems.append(
                _(
                    "line %(line)d: time limit “%(value)s” is not a positive whole number"
                )
                % {"line": line, "value": cells[TIME_LIMIT]}
            )
            continue
        if cells[CATEGORY] in entries:
            problems.append(
                _("line %(line)d: category “%(value)s” is listed twice")
                % {"line": line, "value": cells[CATEGORY]}
            )
            continue
        entries[cells[CATEGORY]] = CatalogueEntry(
            cells[CATEGORY], cells[UNIT], cells[LEVEL], days
        )
    if problems:
        raise RoutingError(
            _("The dispatch catalogue %(path)s has errors:") % {"path": path.name}
            + "\n"
            + "\n".join(problems),
            code="bad_catalogue",
        )
    return entries


def uncovered_categories(
    labels: list[str], entries: dict[str, CatalogueEntry]
) -> list[str]:
    """Return the router's categories that have no row in the catalogue."""
    return [label for label in labels if label not in entries]
