"""Copying folders with checksums, and keeping what is copied private (0700/0600)."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path

CHUNK = 1 << 20

PRIVATE_DIR = 0o700
PRIVATE_FILE = 0o600


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def make_private_dir(path: Path) -> None:
    """Create `path` and any missing parents with mode 0700 (not the umask's 0755)."""
    missing = []
    while not path.exists():
        missing.append(path)
        path = path.parent
    for folder in reversed(missing):
        folder.mkdir(mode=PRIVATE_DIR, exist_ok=True)
        folder.chmod(PRIVATE_DIR)


def files_under(folder: Path) -> Iterator[Path]:
    """Regular files below `folder`, in a stable order (symlinks are not followed)."""
    for root, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(names):
            path = Path(root) / name
            if path.is_file() and not path.is_symlink():
                yield path


def copy_file(
    source: Path,
    target: Path,
    *,
    mode: int = PRIVATE_FILE,
    private_dirs: bool = True,
    on_bytes: Callable[[int], None] | None = None,
) -> str:
    """Copy `source` to `target`, hashing as it goes; return the sha256.

    Missing parent folders are created private (0700), or as the umask says when
    `private_dirs` is false (files restored where the server keeps them).

    The copy is written beside the target and renamed into place, so a reader never sees half
    a file, and it gets `mode` before it holds anything.
    """
    if private_dirs:
        make_private_dir(target.parent)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    partial = target.with_name(target.name + ".partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with source.open("rb") as src, os.fdopen(fd, "wb") as dst:
        while block := src.read(CHUNK):
            digest.update(block)
            dst.write(block)
            if on_bytes:
                on_bytes(len(block))
        dst.flush()
        os.fsync(dst.fileno())
    os.chmod(partial, mode)
    os.replace(partial, target)
    return digest.hexdigest()


def tree_size(folder: Path) -> tuple[int, int]:
    """(files, bytes) under `folder`."""
    count = size = 0
    for path in files_under(folder):
        count += 1
        size += path.stat().st_size
    return count, size


def is_inside(path: Path, folder: Path) -> bool:
    try:
        path.resolve().relative_to(folder.resolve())
    except ValueError:
        return False
    return True
