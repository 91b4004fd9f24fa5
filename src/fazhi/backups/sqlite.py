"""SQLite: copy a live database with the online backup API, and copy a backup back.

The source is read inside one read transaction, so the copy is the database as it was at
that moment while the server goes on writing beside it (WAL); pages are copied in steps so
progress can be shown. The copy is switched to the rollback journal so it is one
self-contained file; the server's connections switch a restored file back to WAL.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from . import inventory
from .progress import Progress

PAGES_PER_STEP = 4096
TIMEOUT = 20  # seconds to wait for a lock, as the server does


class SqliteProblem(Exception):
    pass


def _connect(name: str, *, read_only: bool = False) -> sqlite3.Connection:
    # uri=True as Django opens it, so "file:…?mode=memory" names work too.
    target = f"{Path(name).resolve().as_uri()}?mode=ro" if read_only else str(name)
    return sqlite3.connect(
        target, uri=True, timeout=TIMEOUT, isolation_level=None, check_same_thread=False
    )


def _step(progress: Progress):
    def report(_status: int, remaining: int, total: int) -> None:
        progress.set(total - remaining, total)

    return report


def dump(name: str, target: Path, progress: Progress) -> inventory.Inventory:
    """Copy the database `name` to the new file `target`; return what the copy holds."""
    source = _connect(name)
    copy = _connect(str(target))
    try:
        source.execute("BEGIN")
        source.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the snapshot
        source.backup(copy, pages=PAGES_PER_STEP, progress=_step(progress))
        source.execute("COMMIT")
        progress.finish()
        copy.execute("PRAGMA journal_mode=DELETE")
        (check,) = copy.execute("PRAGMA quick_check").fetchone()
        if check != "ok":
            raise SqliteProblem(check)
        return inventory.take(copy.cursor(), "sqlite")
    finally:
        copy.close()
        source.close()


def read_inventory(path: Path) -> inventory.Inventory:
    conn = _connect(str(path), read_only=True)
    try:
        return inventory.take(conn.cursor(), "sqlite")
    finally:
        conn.close()


def restore(backup: Path, name: str, progress: Progress) -> None:
    """Write the backup file over the database `name`, page by page (the caller checked
    that it holds nothing of fazhi's)."""
    if not str(name).startswith("file:"):
        Path(name).parent.mkdir(parents=True, exist_ok=True)
    source = _connect(str(backup), read_only=True)
    target = _connect(name)
    try:
        source.backup(target, pages=PAGES_PER_STEP, progress=_step(progress))
        progress.finish()
    finally:
        target.close()
        source.close()
