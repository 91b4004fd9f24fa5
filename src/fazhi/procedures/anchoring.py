"""Anchors of the record (存证摘要): signed Merkle roots over every case's head, kept outside
the database.

A hash chain alone cannot catch someone who edits an event and recomputes every hash after
it. An anchor fixes the state of the record at a moment: for each case a leaf
`sha256(canonical JSON [tenant, number, version, head_hash])`, sorted by tenant and number,
combined into a Merkle root (RFC 6962 style: leaves prefixed 0x00, nodes 0x01), signed with
the district's Ed25519 key and written under `FAZHI_VAR_DIR/anchors/`, outside the database.
The leaf list is kept beside it so a later check can say which case changed or vanished; the
root, count, time and signature are published on the portal, so copies outside this server
can prove what the record held.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from fazhi.core import signing

from .audit import Break

FORMAT = "fazhi-anchor/1"


def anchors_dir() -> Path:
    return Path(settings.FAZHI_VAR_DIR) / "anchors"


def leaf_hash(tenant: int, number: str, version: int, head: str) -> bytes:
    return hashlib.sha256(
        b"\x00" + signing.canonical_json([tenant, number, version, head])
    ).digest()


def merkle_root(leaves: list[bytes]) -> str:
    """The root of the leaf hashes in order; the root of no leaves is sha256 of nothing."""
    if not leaves:
        return hashlib.sha256(b"").hexdigest()
    level = leaves
    while len(level) > 1:
        nxt = [
            hashlib.sha256(b"\x01" + level[i] + level[i + 1]).digest()
            for i in range(0, len(level) - 1, 2)
        ]
        if len(level) % 2:
            nxt.append(level[-1])  # an odd node is carried up unchanged
        level = nxt
    return level[0].hex()


def current_leaves() -> list[list]:
    """[tenant, number, version, head] of every case, by tenant and number (one query)."""
    from .models import Case

    return [
        [tenant, number, version, head or ""]
        for tenant, number, version, head in Case.objects.order_by(
            "tenant_id", "number"
        )
        .values_list("tenant_id", "number", "version", "head_hash")
        .iterator(chunk_size=5000)
    ]


LEAVES_SUFFIX = ".leaves.json"


def _signed_part(doc: dict) -> dict:
    return {k: v for k, v in doc.items() if k not in ("signature", "leaves")}


def _write(path: Path, doc: dict, mode: int = 0o644) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(doc, ensure_ascii=False, separators=(",", ":")))
    os.chmod(tmp, mode)
    os.replace(tmp, path)  # a reader never sees half a file


def create_anchor(now: dt.datetime | None = None) -> tuple[Path, dict]:
    """Write a new signed anchor of the whole record; return its path and content.

    Two files: `anchor-<time>.json`, the signed summary the portal publishes (format, time,
    count, root, key), and `anchor-<time>.leaves.json`, the leaf list the root commits to,
    which stays private (it names every case) and lets `audit verify` say which case changed.
    """
    now = now or timezone.now()
    leaves = current_leaves()
    doc = {
        "format": FORMAT,
        "created_at": now.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "count": len(leaves),
        "root": merkle_root([leaf_hash(*leaf) for leaf in leaves]),
        "public_key": signing.public_key_b64(),
        "key_fingerprint": signing.fingerprint(),
    }
    doc["signature"] = signing.sign(_signed_part(doc))
    folder = anchors_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stem = "anchor-" + now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    path = folder / f"{stem}.json"
    # The leaves first: a summary never exists without the list it commits to.
    _write(
        folder / f"{stem}{LEAVES_SUFFIX}",
        {"root": doc["root"], "leaves": leaves},
        mode=0o600,  # it names every case
    )
    _write(path, doc)
    return path, {**doc, "leaves": leaves}


@dataclass(frozen=True)
class AnchorSummary:
    """What the portal shows of one anchor."""

    name: str
    created_at: dt.datetime
    count: int
    root: str
    signature: str
    key_fingerprint: str
    valid: bool


class AnchorError(Exception):
    pass


def _read(path: Path) -> dict:
    try:
        doc = json.loads(path.read_text())
    except (OSError, ValueError) as exc:
        raise AnchorError(
            _("anchor %(name)s cannot be read") % {"name": path.name}
        ) from exc
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise AnchorError(
            _("anchor %(name)s is not an anchor file") % {"name": path.name}
        )
    return doc


def summary_is_signed(doc: dict) -> bool:
    """The summary is signed by the district's current key (cheap: no leaves)."""
    try:
        key = base64.b64decode(doc["public_key"])
    except (KeyError, TypeError, ValueError):
        return False
    return key == signing.public_key_bytes() and signing.signature_valid(
        _signed_part(doc), doc.get("signature", ""), key
    )


def _leaves_of(path: Path) -> list:
    leaves_path = path.with_name(path.stem + LEAVES_SUFFIX)
    try:
        leaves = json.loads(leaves_path.read_text())["leaves"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise AnchorError(
            _("the leaf list of anchor %(name)s is missing or unreadable")
            % {"name": path.name}
        ) from exc
    if not isinstance(leaves, list):
        raise AnchorError(
            _("the leaf list of anchor %(name)s is missing or unreadable")
            % {"name": path.name}
        )
    return leaves


def anchor_is_authentic(doc: dict, leaves: list) -> bool:
    """Signed by the district's current key, and the root matches the leaf list."""
    try:
        root = merkle_root([leaf_hash(*leaf) for leaf in leaves])
    except (TypeError, ValueError):
        return False
    return (
        summary_is_signed(doc)
        and root == doc.get("root")
        and doc.get("count") == len(leaves)
    )


def anchor_paths() -> list[Path]:
    """The anchors' summary files, oldest first."""
    folder = anchors_dir()
    if not folder.is_dir():
        return []
    return sorted(
        p for p in folder.glob("anchor-*.json") if not p.name.endswith(LEAVES_SUFFIX)
    )


def recent_anchors(limit: int = 20) -> list[AnchorSummary]:
    out = []
    for path in reversed(anchor_paths()[-limit:]):
        try:
            doc = _read(path)
            out.append(
                AnchorSummary(
                    name=path.stem,
                    created_at=dt.datetime.fromisoformat(doc["created_at"]),
                    count=int(doc["count"]),
                    root=str(doc["root"]),
                    signature=str(doc["signature"]),
                    key_fingerprint=str(doc["key_fingerprint"]),
                    valid=summary_is_signed(doc),
                )
            )
        except (AnchorError, KeyError, TypeError, ValueError):
            continue
    return out


def published_anchor(name: str) -> dict | None:
    """The signed summary of the anchor called `name` (file name without .json), or None."""
    for path in anchor_paths():
        if path.stem == name:
            try:
                return _read(path)
            except AnchorError:
                return None
    return None


class AnchorIndex:
    """The latest anchor, ready to check cases against while they are verified."""

    def __init__(self, path: Path, doc: dict):
        self.path, self.doc = path, doc
        self.heads = {(t, n): (v, h) for t, n, v, h in doc["leaves"]}
        self.seen: set[tuple] = set()

    @classmethod
    def latest(cls) -> tuple[AnchorIndex | None, list[Break]]:
        """The newest anchor, or None; a forged or unreadable newest anchor is a finding."""
        paths = anchor_paths()
        if not paths:
            return None, []
        path = paths[-1]
        try:
            doc = _read(path)
            doc["leaves"] = _leaves_of(path)
        except AnchorError as exc:
            return None, [Break(path.name, None, str(exc), "anchor")]
        if not anchor_is_authentic(doc, doc["leaves"]):
            return None, [
                Break(
                    path.name,
                    None,
                    _(
                        "the anchor's signature or root does not check out (the anchor was altered or signed by another key)"
                    ),
                    "anchor",
                )
            ]
        return cls(path, doc), []

    def check_case(self, case, events: list) -> list[Break]:
        key = (case.tenant_id, case.number)
        anchored = self.heads.get(key)
        if anchored is None:
            return []
        self.seen.add(key)
        version, head = anchored
        if version == 0:
            return []
        at = events[version - 1] if len(events) >= version else None
        if at is None or at.seq != version:
            return [
                Break(
                    case.number,
                    None,
                    _(
                        "the anchor of %(when)s records %(version)s events; some have since been removed"
                    )
                    % {"when": self.when, "version": version},
                    "anchor",
                )
            ]
        if at.hash != head:
            return [
                Break(
                    case.number,
                    version,
                    _(
                        "differs from the anchor of %(when)s (the record was rewritten and its hashes recomputed)"
                    )
                    % {"when": self.when},
                    "anchor",
                )
            ]
        return []

    @property
    def when(self) -> str:
        moment = dt.datetime.fromisoformat(self.doc["created_at"])
        return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")

    def missing_cases(self) -> list[Break]:
        return [
            Break(
                number,
                None,
                _("was in the anchor of %(when)s and is no longer in the database")
                % {"when": self.when},
                "anchor",
            )
            for key in self.heads
            if key not in self.seen
            for number in [key[1]]
        ]
