"""Precision and recall of the personal-data redactor on real judgment paragraphs.

Usage: .venv/bin/python bench/redaction.py [-v]

The labelled set, the fixed dev/held-out split, the planted number formats and the
scoring are described in src/fazhi/disclosure/redaction/evaluate.py and planted.py,
and the figures in docs/redaction.md. Dev and held-out figures are printed apart;
``-v`` lists the dev split's false and missed names and missed numbers (the held-out
split is never listed: it is not for tuning).

The BENCH line keeps the earlier keys (held-out: recall_numbers, recall_names on the
full-names text, precision = names and numbers pooled over both texts, docs) and adds
``number_recall_heldout``, ``name_recall_heldout``, ``name_precision_heldout`` (names
on the full-names text, precision without the court's own masks) and their dev twins.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from fazhi.disclosure.redaction.evaluate import (  # noqa: E402
    NUMBER_KINDS,
    data_path,
    evaluate,
    load,
    pooled,
    ratio,
    summary,
)
from fazhi.disclosure.redaction.planted import FORMATS  # noqa: E402

SHARED = Path(os.environ.get("FAZHI_SHARED_DATA", REPO.parent / "shared" / "data"))


def report(label: str, res: dict, verbose: bool) -> None:
    print(f"-- {label}  ({res['chars_per_s']:,.0f} chars/s)")
    for kind in ("person_name", "person_name_unmasked", *NUMBER_KINDS):
        r, p = res["recall"][kind], res["precision"].get(kind, [0, 0])
        print(
            f"   {kind:20s} recall {ratio(r):.4f} ({r[0]}/{r[1]})   "
            f"precision {ratio(p):.4f} ({p[0]}/{p[1]})"
        )
    n = res["name_precision"]
    print(f"   {'names, no masks':20s} precision {ratio(n):.4f} ({n[0]}/{n[1]})")
    a = res["precision"]["address"]
    print(f"   {'address':20s} precision vs Ns places {ratio(a):.4f} ({a[0]}/{a[1]})")
    weak = [(k, v) for k, v in sorted(res["formats"].items()) if v[0] < v[1]]
    if weak:
        print(
            "   formats with misses:",
            ", ".join(f"{k[1]} {v[0]}/{v[1]}" for k, v in weak),
        )
    if verbose:
        print("   false names:", res["wrong"].most_common(40))
        print("   missed names:", res["missed"].most_common(40))
        print("   missed numbers:", res["missed_numbers"][:40])


def main() -> None:
    path = data_path(SHARED)
    if not path.exists():
        print(
            f"bench/redaction.py: {path} not found (the shared data is absent); skipped"
        )
        return
    verbose = "-v" in sys.argv
    rows = load(path)
    print(f"{len(FORMATS)} planted number formats (planted.FORMATS)")
    figures: dict[str, dict] = {}
    results: dict[str, dict] = {}
    for split in ("dev", "heldout"):
        res = evaluate(rows, split)
        results[split] = res
        n = res["docs"]
        for text in ("published", "full"):
            report(
                f"{split}, {text} ({n} paragraphs)",
                res[text],
                verbose and split == "dev",
            )
        figures[split] = summary(res)
        print(
            f"   {split}: "
            + " ".join(
                f"{k}={v:.4f}" for k, v in figures[split].items() if k != "numbers"
            )
        )
    held = results["heldout"]
    kinds = ("person_name", *NUMBER_KINDS)
    precision = [
        a + b
        for a, b in zip(
            pooled(held["published"]["precision"], kinds),
            pooled(held["full"]["precision"], kinds),
            strict=True,
        )
    ]
    h, d = figures["heldout"], figures["dev"]
    print(
        f"BENCH redaction recall_numbers={h['number_recall']:.4f} "
        f"recall_names={h['name_recall']:.4f} precision={ratio(precision):.4f} "
        f"docs={held['docs']} "
        f"number_recall_heldout={h['number_recall']:.4f} "
        f"number_precision_heldout={h['number_precision']:.4f} "
        f"name_recall_heldout={h['name_recall']:.4f} "
        f"name_precision_heldout={h['name_precision']:.4f} "
        f"number_recall_dev={d['number_recall']:.4f} "
        f"name_recall_dev={d['name_recall']:.4f} "
        f"name_precision_dev={d['name_precision']:.4f} "
        f"numbers_heldout={h['numbers']} formats={len(FORMATS)}"
    )


if __name__ == "__main__":
    main()
