"""PostgreSQL: `pg_dump --format=custom` from one snapshot, `pg_restore --no-owner` back.

The inventory of the manifest is read in a REPEATABLE READ transaction whose snapshot is
exported to pg_dump (`--snapshot`), so the counts and chain heads describe exactly the rows
in the dump while the server keeps writing. The password goes to the tools in PGPASSWORD,
never on a command line (visible to every user of the machine) or in a message.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections import deque
from pathlib import Path

from django.db import connections, transaction

from . import inventory
from .progress import Progress

# Django OPTIONS that libpq also reads from the environment.
OPTION_ENV = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "sslcrl": "PGSSLCRL",
    "service": "PGSERVICE",
    "passfile": "PGPASSFILE",
    "options": "PGOPTIONS",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
}


class PostgresProblem(Exception):
    """A tool is missing or failed; the message is the tool's own last lines."""


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise PostgresProblem(name)
    return path


def environment(db: dict) -> dict[str, str]:
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    for option, variable in OPTION_ENV.items():
        value = (db.get("OPTIONS") or {}).get(option)
        if value not in (None, ""):
            env[variable] = str(value)
    env.setdefault("PGAPPNAME", "fazhi-backup")
    return env


def connection_arguments(db: dict) -> list[str]:
    args = ["--no-password"]  # never wait for a prompt
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    return args


def _run(command: list[str], env: dict, progress: Progress, marker: str) -> None:
    """Run a tool with --verbose, advancing `progress` on each line holding `marker`."""
    tail: deque[str] = deque(maxlen=15)
    # A fixed tool with arguments built here, no shell.
    with subprocess.Popen(  # noqa: S603
        command,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        errors="replace",
    ) as proc:
        for line in proc.stderr:
            if marker in line:
                progress.advance()
            else:
                tail.append(line.rstrip())
    if proc.returncode != 0:
        raise PostgresProblem("\n".join(tail))
    progress.finish()


def dump(alias: str, target: Path, progress: Progress) -> inventory.Inventory:
    """Dump the database of `alias` into `target`; return what the dump holds."""
    pg_dump = tool("pg_dump")
    conn = connections[alias]
    db = conn.settings_dict
    with transaction.atomic(using=alias), conn.cursor() as cur:
        cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cur.execute("SELECT pg_export_snapshot()")
        (snapshot,) = cur.fetchone()
        found = inventory.take(cur, "postgresql")
        progress.set(0, len(inventory.existing_tables(cur, "postgresql")))
        _run(
            [
                pg_dump,
                "--format=custom",
                "--verbose",
                f"--snapshot={snapshot}",
                f"--file={target}",
                *connection_arguments(db),
                "--dbname",
                str(db["NAME"]),
            ],
            environment(db),
            progress,
            "dumping contents of table",
        )
    target.chmod(0o600)
    return found


def table_data_entries(dump_file: Path, db: dict) -> int:
    listing = subprocess.run(  # noqa: S603 - fixed tool, our own file
        [tool("pg_restore"), "--list", str(dump_file)],
        env=environment(db),
        capture_output=True,
        text=True,
        check=False,
    )
    if listing.returncode != 0:
        raise PostgresProblem(listing.stderr.strip())
    return sum(" TABLE DATA " in line for line in listing.stdout.splitlines())


def restore(dump_file: Path, alias: str, progress: Progress, *, has_tables: bool):
    """Load the dump into the database of `alias` in one transaction.

    Objects go to the connecting user (`--no-owner`) without the source's grants
    (`--no-privileges`: its roles may not exist here). Tables already there (an empty,
    migrated database) are dropped first; the caller checked they hold no rows.
    """
    db = connections[alias].settings_dict
    connections[alias].close()
    progress.set(0, table_data_entries(dump_file, db))
    clean = ["--clean", "--if-exists"] if has_tables else []
    _run(
        [
            tool("pg_restore"),
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            "--verbose",
            *clean,
            *connection_arguments(db),
            "--dbname",
            str(db["NAME"]),
            str(dump_file),
        ],
        environment(db),
        progress,
        "processing data for table",
    )
