"""All procedure specs of this installation, loaded once per process."""

from __future__ import annotations

import itertools
from datetime import date
from functools import cache
from pathlib import Path

from django.utils.translation import gettext as _

from .errors import SpecError, UnknownProcedure
from .spec import DEFINITIONS_DIR, Spec, load_spec


def definition_dirs() -> list[Path]:
    """The shipped definitions plus any in settings.FAZHI_PROCEDURE_DIRS (local procedures)."""
    from django.conf import settings

    return [DEFINITIONS_DIR, *map(Path, getattr(settings, "FAZHI_PROCEDURE_DIRS", []))]


def load_all(
    directory: Path | None = None,
) -> tuple[dict[str, list[Spec]], list[SpecError]]:
    """Load every `*.yaml` in `directory` (default: every definition folder); return the
    specs by key and the errors found."""
    by_key: dict[str, list[Spec]] = {}
    errors: list[SpecError] = []
    dirs = [directory] if directory else definition_dirs()
    for path in sorted(p for d in dirs for p in d.glob("*.yaml")):
        try:
            spec = load_spec(path)
        except SpecError as exc:
            errors.append(exc)
            continue
        by_key.setdefault(spec.key, []).append(spec)
    for key, versions in by_key.items():
        versions.sort(key=lambda s: s.effective_from or date.min)
        seen = set()
        for spec in versions:
            if spec.version in seen:
                errors.append(
                    SpecError(
                        spec.file,
                        None,
                        _(
                            "procedure “%(key)s” has two files with version “%(version)s”"
                        )
                        % {"key": key, "version": spec.version},
                    )
                )
            seen.add(spec.version)
        for older, newer in itertools.pairwise(versions):
            if older.effective_to is None or (
                newer.effective_from and older.effective_to > newer.effective_from
            ):
                errors.append(
                    SpecError(
                        older.file,
                        None,
                        _(
                            "version “%(old)s” of “%(key)s” must end (effective_to) no later "
                            "than version “%(new)s” begins"
                        )
                        % {"old": older.version, "new": newer.version, "key": key},
                    )
                )
    return by_key, errors


@cache
def _specs() -> dict[str, list[Spec]]:
    by_key, errors = load_all()
    if errors:
        raise errors[0]
    return by_key


def all_specs() -> list[Spec]:
    """Return the newest version of every procedure, sorted by key."""
    return [versions[-1] for _key, versions in sorted(_specs().items())]


def versions(key: str) -> list[Spec]:
    try:
        return _specs()[key]
    except KeyError:
        raise UnknownProcedure(
            _("There is no procedure “%(key)s”.") % {"key": key}
        ) from None


def spec_for(key: str, *, on: date | None = None, version: str | None = None) -> Spec:
    """Return the version of procedure `key` in force on `on` (or the named version)."""
    candidates = versions(key)
    if version is not None:
        for spec in candidates:
            if spec.version == version:
                return spec
        raise UnknownProcedure(
            _("Procedure “%(key)s” has no version “%(version)s”.")
            % {"key": key, "version": version}
        )
    if on is None:
        return candidates[-1]
    for spec in reversed(candidates):
        if spec.in_force_on(on):
            return spec
    raise UnknownProcedure(
        _("No version of procedure “%(key)s” was in force on %(date)s.")
        % {"key": key, "date": on.isoformat()}
    )
