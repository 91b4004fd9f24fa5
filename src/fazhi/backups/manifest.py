"""The backup's `manifest.json`: what was saved, its checksums, and what the database held."""

from __future__ import annotations

import datetime as dt
import json
import os
from importlib import metadata
from pathlib import Path, PurePosixPath

from django.utils.translation import gettext as _

from .files import PRIVATE_FILE, sha256_of
from .progress import Progress

FORMAT = "fazhi-backup/1"
NAME = "manifest.json"


class ManifestError(Exception):
    pass


def fazhi_version() -> str:
    try:
        return metadata.version("fazhi")
    except metadata.PackageNotFoundError:
        return "unknown"


def describe(path: Path, sha256: str, mode: int) -> dict:
    return {
        "sha256": sha256,
        "size": path.stat().st_size,
        "mode": f"{mode & 0o777:04o}",
    }


def new(vendor: str, database_file: str, now: dt.datetime) -> dict:
    return {
        "format": FORMAT,
        "fazhi_version": fazhi_version(),
        "created_at": now.astimezone(dt.UTC).isoformat(timespec="seconds"),
        "database": {"vendor": vendor, "file": database_file},
    }


def write(folder: Path, manifest: dict) -> Path:
    path = folder / NAME
    partial = folder / (NAME + ".partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=1)
    os.replace(partial, path)
    return path


def safe_relative(name: str) -> PurePosixPath:
    """A manifest path as a relative path that stays inside the backup folder."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise ManifestError(
            _("The manifest names a file outside the backup: %(name)s") % {"name": name}
        )
    return path


def read(folder: Path) -> dict:
    path = folder / NAME
    if not path.is_file():
        raise ManifestError(
            _(
                "%(folder)s holds no manifest.json: it is not a fazhi backup, or the backup did not finish."
            )
            % {"folder": folder}
        )
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ManifestError(
            _("manifest.json cannot be read: %(error)s") % {"error": exc}
        ) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ManifestError(
            _("manifest.json is not a fazhi backup manifest (format %(format)s).")
            % {"format": FORMAT}
        )
    required = ("database", "files", "counts", "chain_heads", "migrations")
    if any(key not in manifest for key in required):
        raise ManifestError(_("manifest.json is incomplete."))
    for name in manifest["files"]:
        safe_relative(name)
    return manifest


def check_files(folder: Path, manifest: dict, out=None) -> list[str]:
    """Compare every file of the backup with its checksum; return the problems found."""
    files = manifest["files"]
    progress = Progress(
        out,
        _("Checking checksums"),
        sum(f["size"] for f in files.values()) // (1 << 20) or 1,
        "MB",
    )
    problems, read = [], 0
    for name, expected in sorted(files.items()):
        path = folder / safe_relative(name)
        if not path.is_file():
            problems.append(_("%(name)s is missing") % {"name": name})
            continue
        if sha256_of(path) != expected["sha256"]:
            problems.append(
                _("%(name)s does not match its checksum (damaged or changed)")
                % {"name": name}
            )
        read += expected["size"]
        progress.set(read // (1 << 20))
    progress.finish()
    return problems
