"""Training and evaluation data: CSV files with the columns of the public message data."""

from __future__ import annotations

import csv
from pathlib import Path

from django.utils.translation import gettext as _

from .errors import RoutingError
from .model import join_message

SUBJECT = "留言主题"
DETAIL = "留言详情"
LABEL = "一级标签"
COLUMNS = (SUBJECT, DETAIL, LABEL)
# Excel saves CSV as UTF-8 with a BOM or, on Chinese Windows, as GBK: accept both.
ENCODINGS = ("utf-8-sig", "gb18030")
MAX_LISTED = 5


def _read_text(path: Path) -> str:
    if not path.is_file():
        raise RoutingError(
            _("File not found: %(path)s") % {"path": path}, code="file_missing"
        )
    raw = path.read_bytes()
    for encoding in ENCODINGS:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise RoutingError(
        _("%(path)s is neither UTF-8 nor GBK text; save it as CSV UTF-8.")
        % {"path": path},
        code="bad_encoding",
    )


def read_training_csv(path: str | Path) -> tuple[list[str], list[str]]:
    """Return (texts, labels) from a CSV with columns 留言主题, 留言详情, 一级标签.

    Each text is the subject and the detail joined; 留言主题 may be absent or empty.
    Other columns are ignored, and wholly empty lines are skipped. Raises RoutingError
    (Chinese message) for a missing file, a missing column, rows without text or label,
    or a file with no rows.
    """
    path = Path(path)
    reader = csv.DictReader(_read_text(path).splitlines())
    header = [h.strip() for h in (reader.fieldnames or [])]
    missing = [c for c in (DETAIL, LABEL) if c not in header]
    if missing:
        raise RoutingError(
            _(
                "%(path)s lacks the column(s) %(missing)s; the header must contain 留言主题, 留言详情 and 一级标签 (found: %(found)s)."
            )
            % {
                "path": path.name,
                "missing": "、".join(missing),
                "found": "、".join(header) or "-",
            },
            code="bad_columns",
        )
    reader.fieldnames = header
    texts, labels, bad = [], [], []
    for row in reader:
        if not any((v or "").strip() for v in row.values() if isinstance(v, str)):
            continue
        text = join_message(row.get(SUBJECT) or "", row.get(DETAIL) or "")
        label = (row.get(LABEL) or "").strip()
        if not text or not label:
            bad.append(reader.line_num)
            continue
        texts.append(text)
        labels.append(label)
    if bad:
        lines = "、".join(str(n) for n in bad[:MAX_LISTED])
        raise RoutingError(
            _(
                "%(path)s: %(count)d row(s) lack the message text or the label (line %(lines)s)."
            )
            % {"path": path.name, "count": len(bad), "lines": lines},
            code="bad_rows",
        )
    if not texts:
        raise RoutingError(
            _("%(path)s contains no messages.") % {"path": path.name}, code="empty"
        )
    return texts, labels


def write_training_csv(path: str | Path, rows: list[tuple[str, str, str]]) -> None:
    """Write (subject, detail, label) rows as a training CSV (UTF-8, standard columns)."""
    with Path(path).open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows)
