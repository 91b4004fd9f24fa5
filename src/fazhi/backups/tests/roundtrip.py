"""The two ends of a backup round trip, run as `fazhi` would run: in their own processes.

    python -c "from fazhi.backups.tests.roundtrip import main; main()" source PROBE DIR
    python -c "from fazhi.backups.tests.roundtrip import main; main()" probe PROBE

`source` migrates an empty database, fills it like a small demo district (calls at the desk,
a disclosure request with a file, a published and searchable document with an attached file,
an anchor of the record), writes what it sees (the probe) to PROBE and runs `fazhi backup
DIR`. `probe` writes what a restored database shows, read the same way, so a test compares
the two files. Settings come from the environment (FAZHI_DATABASE_URL, FAZHI_VAR_DIR).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sys
from pathlib import Path

QUERIES = ["行政复议", "备份 演练", "预算"]


def seed() -> None:
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from fazhi.demo.calls import generate_calls
    from fazhi.demo.testing import load_cast
    from fazhi.disclosure import publishing
    from fazhi.disclosure.models import Attachment as DocumentFile
    from fazhi.procedures import engine
    from fazhi.procedures.anchoring import create_anchor

    cast = load_cast()
    generate_calls(8, months=1, seed=11)
    officer = cast.disclosure_officer
    # An event time with microseconds: what dumpdata would cut, and the hash covers.
    opened = timezone.now().replace(microsecond=123456) - dt.timedelta(days=3)
    case = engine.open_case(
        "disclosure_request",
        unit=cast.office,
        actor=officer,
        data={"content": "区财政预算执行情况"},
        subject="申请公开预算执行情况",
        applicant=engine.Applicant(
            name="张三", kind="person", code="", phone="13800001234"
        ),
        at=opened,
    )
    engine.assign(case, assignees=[officer], actor=officer)
    engine.attach(
        case,
        [engine.File("答复书.pdf", b"%PDF-1.4 reply " + os.urandom(64))],
        actor=officer,
    )
    document = publishing.create_draft(
        issuer=cast.office,
        actor=officer,
        title="白云区行政复议案件备份演练规定",
        summary="备份演练",
        disclosure_category="other",
        written_on=timezone.localdate(),
        body="<p>行政复议案件材料每日备份，每季度进行恢复演练。</p>",
    )
    publishing.submit_for_review(document, actor=officer)
    publishing.approve(document, actor=cast.disclosure_chief, opinion="同意公开")
    publishing.publish_now(document, actor=officer)
    content = b"%PDF-1.4 annex " + os.urandom(64)
    DocumentFile.objects.create(
        document=document,
        title="附件",
        file=ContentFile(content, name="annex.pdf"),
        sha256=hashlib.sha256(content).hexdigest(),
    )
    create_anchor()


def probe() -> dict:
    """Everything a restore must bring back, as comparable data."""
    from django.db import connection

    from fazhi.backups import inventory
    from fazhi.core import signing
    from fazhi.disclosure.models import Attachment as DocumentFile
    from fazhi.disclosure.search import search
    from fazhi.procedures.anchoring import AnchorIndex
    from fazhi.procedures.audit import verify
    from fazhi.procedures.engine import attachment_path
    from fazhi.procedures.models import Attachment, Case

    anchor, breaks = AnchorIndex.latest()
    checked, found = verify(Case.objects.order_by("pk"), anchor=anchor, complete=True)
    with connection.cursor() as cur:
        held = inventory.take(cur, connection.vendor)

    def sha(path: Path) -> str:
        return hashlib.sha256(path.read_bytes()).hexdigest()

    return {
        "verify": {
            "checked": checked,
            "anchor": anchor is not None,
            "breaks": [str(b) for b in breaks + found],
        },
        "search": {
            q: [(h.id, h.title, h.score, h.url) for h in search(q).hits]
            for q in QUERIES
        },
        "case_files": sorted(
            (a.sha256, sha(attachment_path(a.sha256))) for a in Attachment.objects.all()
        ),
        "document_files": sorted(
            (d.sha256, hashlib.sha256(d.file.open("rb").read()).hexdigest())
            for d in DocumentFile.objects.all()
        ),
        "counts": held.counts,
        "search_index": held.search_index,
        "chain_heads": held.chain_heads,
        "key": signing.fingerprint(),
    }


def main() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.settings.base")
    django.setup()
    from django.core.management import call_command

    verb, out = sys.argv[1], Path(sys.argv[2])
    if verb == "source":
        call_command("migrate", verbosity=0)
        call_command("createcachetable", verbosity=0)
        seed()
        out.write_text(json.dumps(probe(), ensure_ascii=False))
        call_command("backup", sys.argv[3], verbosity=0)
    else:
        out.write_text(json.dumps(probe(), ensure_ascii=False))
