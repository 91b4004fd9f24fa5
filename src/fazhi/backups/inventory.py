"""What a database holds, read with plain SQL: row counts, chain heads, migrations, search.

The same function reads the live database (PostgreSQL, inside the snapshot the dump is taken
from), a fresh copy (SQLite, the backup file itself) and the restored database, so the
manifest and the check after a restore compare like with like. Plain SQL over a DB-API
cursor because the SQLite copy is not a Django database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings

from fazhi.disclosure.models import Attachment as DocumentFile
from fazhi.disclosure.models import SearchEntry
from fazhi.disclosure.search.backends import SqliteBackend
from fazhi.procedures.anchoring import leaf_hash, merkle_root
from fazhi.procedures.engine import attachment_path
from fazhi.procedures.models import Attachment, Case

HEAD_COLUMNS = ["tenant", "number", "version", "head_hash"]


def model_tables() -> list[str]:
    """Every table of an installed model, many-to-many tables included, sorted."""
    return sorted(
        {
            m._meta.db_table
            for m in apps.get_models(include_auto_created=True)
            if m._meta.managed and not m._meta.proxy
        }
    )


def fazhi_tables() -> list[str]:
    """The tables of fazhi's own apps: rows in any of them make a database not empty."""
    return sorted(
        {
            m._meta.db_table
            for m in apps.get_models(include_auto_created=True)
            if m._meta.app_config.name.startswith("fazhi.")
            and m._meta.managed
            and not m._meta.proxy
        }
    )


def existing_tables(cursor, vendor: str) -> set[str]:
    if vendor == "sqlite":
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
    else:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
        )
    return {row[0] for row in cursor.fetchall()}


def _count(cursor, table: str) -> int:
    cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 - a model's table
    return cursor.fetchone()[0]


def rows_in(cursor, vendor: str, tables: list[str]) -> dict[str, int]:
    """Row counts of those of `tables` that exist."""
    present = existing_tables(cursor, vendor)
    return {t: _count(cursor, t) for t in tables if t in present}


def chain_heads(cursor) -> list[list]:
    """[tenant, number, version, head_hash] of every case, by tenant and number."""
    cursor.execute(
        f'SELECT tenant_id, number, version, head_hash FROM "{Case._meta.db_table}"'  # noqa: S608
    )
    return sorted([t, n, v, h or ""] for t, n, v, h in cursor.fetchall())


def migration_state(cursor) -> dict[str, str]:
    """The latest applied migration of each app (names sort by their number)."""
    cursor.execute("SELECT app, name FROM django_migrations")
    latest: dict[str, str] = {}
    for app, name in cursor.fetchall():
        latest[app] = max(latest.get(app, ""), name)
    return dict(sorted(latest.items()))


def search_index_size(cursor, vendor: str) -> int:
    """Entries present in the full-text index itself (not just in SearchEntry).

    On SQLite the index is an FTS5 table that no model describes; on PostgreSQL it is the
    `search_vector` column, which no model field describes either.
    """
    if vendor == "sqlite":
        return _count(cursor, SqliteBackend.table)
    cursor.execute(
        f'SELECT count(*) FROM "{SearchEntry._meta.db_table}" '  # noqa: S608
        "WHERE search_vector IS NOT NULL"
    )
    return cursor.fetchone()[0]


def media_files(cursor) -> list[str]:
    """Files under MEDIA_ROOT the database refers to (case attachments, document files)."""
    media = Path(settings.MEDIA_ROOT)
    cursor.execute(f'SELECT DISTINCT sha256 FROM "{Attachment._meta.db_table}"')  # noqa: S608
    paths = {
        attachment_path(sha).relative_to(media).as_posix()
        for (sha,) in cursor.fetchall()
    }
    cursor.execute(f'SELECT file FROM "{DocumentFile._meta.db_table}"')  # noqa: S608
    paths.update(name for (name,) in cursor.fetchall() if name)
    return sorted(paths)


@dataclass
class Inventory:
    vendor: str
    migrations: dict[str, str] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    search_index: int = 0
    chain_heads: list[list] = field(default_factory=list)
    media: list[str] = field(default_factory=list)  # checked, not kept in the manifest

    @property
    def chain_root(self) -> str:
        """One digest of every chain head (leaves and tree as in an anchor, code-point order)."""
        return merkle_root([leaf_hash(*head) for head in sorted(self.chain_heads)])

    def as_manifest(self) -> dict:
        return {
            "migrations": self.migrations,
            "counts": self.counts,
            "search_index": self.search_index,
            "chain_root": self.chain_root,
            "chain_head_columns": HEAD_COLUMNS,
            "chain_heads": self.chain_heads,
        }

    @classmethod
    def from_manifest(cls, manifest: dict) -> Inventory:
        return cls(
            vendor=manifest["database"]["vendor"],
            migrations=manifest["migrations"],
            counts=manifest["counts"],
            search_index=manifest["search_index"],
            chain_heads=manifest["chain_heads"],
        )


def take(cursor, vendor: str) -> Inventory:
    """Read the inventory of the database behind `cursor`."""
    return Inventory(
        vendor=vendor,
        migrations=migration_state(cursor),
        counts=rows_in(cursor, vendor, model_tables()),
        search_index=search_index_size(cursor, vendor),
        chain_heads=chain_heads(cursor),
        media=media_files(cursor),
    )


def fazhi_rows(cursor, vendor: str) -> int:
    """How many rows fazhi's own tables hold (0 for an empty or a new database)."""
    return sum(rows_in(cursor, vendor, fazhi_tables()).values())


def differences(expected: Inventory, found: Inventory) -> list[str]:
    """What differs between the manifest and the restored database, in words."""
    from django.utils.translation import gettext as _

    out = []
    for table, count in expected.counts.items():
        got = found.counts.get(table)
        if got != count:
            out.append(
                _("table %(table)s: %(found)s rows, the backup had %(expected)s")
                % {"table": table, "found": got, "expected": count}
            )
    if found.search_index != expected.search_index:
        out.append(
            _("search index: %(found)s entries indexed, the backup had %(expected)s")
            % {"found": found.search_index, "expected": expected.search_index}
        )
    if found.migrations != expected.migrations:
        out.append(_("the migration state differs from the backup's"))
    mine = {(t, n): (v, h) for t, n, v, h in found.chain_heads}
    theirs = {(t, n): (v, h) for t, n, v, h in expected.chain_heads}
    for key in sorted(theirs.keys() - mine.keys())[:20]:
        out.append(_("case %(number)s is missing") % {"number": key[1]})
    for key in sorted(mine.keys() - theirs.keys())[:20]:
        out.append(_("case %(number)s is not in the backup") % {"number": key[1]})
    for key in sorted(k for k in theirs.keys() & mine.keys() if theirs[k] != mine[k])[
        :20
    ]:
        out.append(
            _("case %(number)s: its chain head differs from the backup's")
            % {"number": key[1]}
        )
    return out
