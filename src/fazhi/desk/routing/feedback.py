"""The dispatcher's decisions, kept for the next training.

Every confirmed or overridden suggestion is appended to `var/desk/feedback.csv` in the
training CSV format (with two extra columns), and `fazhi desk train` adds these rows to
its data unless told not to. Until the call models exist this file is the record; the
call models may later write here too, or export their decisions in the same format.
"""

from __future__ import annotations

import csv
import io
import threading
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from .data import DETAIL, LABEL, SUBJECT, read_training_csv
from .errors import RoutingError

SUGGESTED = "建议标签"
DECIDED_AT = "决定时间"
FEEDBACK_COLUMNS = (SUBJECT, DETAIL, LABEL, SUGGESTED, DECIDED_AT)
_lock = threading.Lock()


def feedback_path() -> Path:
    """Return the file of recorded dispatcher decisions."""
    return Path(settings.FAZHI_VAR_DIR) / "desk" / "feedback.csv"


def record_decision(
    text: str, *, suggested: str | None, chosen: str, subject: str = ""
) -> bool:
    """Append the dispatcher's category for a message; return True if it was an override.

    `suggested` is the router's first suggestion (None when the call went to the
    dispatcher untouched, below the threshold); `chosen` is the category the dispatcher
    confirmed or picked instead.
    """
    path = feedback_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    line = io.StringIO()
    writer = csv.writer(line, lineterminator="\n")
    writer.writerow(
        [
            subject,
            text,
            chosen,
            suggested or "",
            timezone.localtime().isoformat(timespec="seconds"),
        ]
    )
    with _lock, path.open("a", encoding="utf-8", newline="") as f:
        if f.tell() == 0:
            csv.writer(f, lineterminator="\n").writerow(FEEDBACK_COLUMNS)
        f.write(line.getvalue())
    return suggested != chosen


def read_feedback() -> tuple[list[str], list[str]]:
    """Return (texts, labels) of every recorded decision; empty lists if none."""
    path = feedback_path()
    if not path.is_file() or path.stat().st_size == 0:
        return [], []
    try:
        return read_training_csv(path)
    except RoutingError as exc:
        if exc.code == "empty":
            return [], []
        raise
