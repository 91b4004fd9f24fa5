"""Recall and precision of the redactor on labelled judgment paragraphs.

Data: ``cail2022_xxcq/paragraphs.jsonl`` of the shared data (CAIL2022 信息抽取: real
court paragraphs with person ``Nh`` and place ``Ns`` spans, no numbers). Used by
bench/redaction.py (prints the figures) and by the shared-data test (asserts them).

Split, fixed: the dev split is CAIL's ``train`` paragraphs, the only ones whose misses
and false names were ever listed while writing rules; the held-out split is CAIL's
``test`` paragraphs, never listed, never tuned on. (Each paragraph comes from a
different judgment; CAIL's ``articleId`` is a batch number spanning both splits.)

Numbers: `planted.FORMATS` are planted at known positions, 2 to 4 a paragraph, each
format drawn uniformly, with an RNG seeded by the paragraph's id, plus negatives that
must stay (`planted.NEGATIVES`).

Names are scored on two texts: ``published`` (as the court published it, most names
already 林某某) and ``full`` (every mask character of a labelled name replaced by a
common given-name character, the same throughout a paragraph: the realistic case of an
unredacted decision). Name precision leaves out predicted spans that contain a mask
character (the court's own 林某某), which would flatter it.

Scoring: a gold span is recalled if predicted spans cover all its characters (quotes
around a nickname excepted); a predicted span is correct if it overlaps a gold span
of its group (names: Nh; numbers: planted numbers).
"""

from __future__ import annotations

import json
import random
import re
import time
from collections import Counter, defaultdict
from pathlib import Path

from .core import find_personal_data
from .planted import plant

SEED = 20240611
NUMBER_KINDS = ("id_number", "mobile", "landline", "bank_card", "email")
MASKS = "某XＸx×＊*○〇"
SPLITS = {"dev": "train", "heldout": "test"}
# Common given-name characters and surnames (public knowledge), for the full text.
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红文辉玉兰梅林斌波宇浩凯健俊帆帅"
    "旭宁龙晨鹏飞成海峰东亮晓春燕云雪琴慧丹萍晶颖玲倩婷欣怡嘉瑞博宏坤振鑫昊然子轩思雨梦琪"
    "佳德胜永忠福贵荣祥发富才光兴金山水生喜庆宝松柏清源泉德仁义礼智信安康乐长新中"
)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁"


def data_path(shared_data: Path) -> Path:
    return shared_data / "cail2022_xxcq" / "paragraphs.jsonl"


def doc_id(row: dict) -> str:
    return f"{row['articleId']}-{row['sentId']}"


def load(path: Path) -> list[dict]:
    """Read the paragraphs; drop label noise from the gold names (weights, drugs)."""
    rows = [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]
    drugs = {
        m["text"] for r in rows for m in r["entityMentions"] if m["label"] == "NDR"
    }
    for r in rows:
        r["names"] = [
            (m["start"], m["end"])
            for m in r["entityMentions"]
            if m["label"] == "Nh"
            and m["text"] not in drugs
            and not re.search(r"\d+(\.\d+)?克", m["text"])
        ]
        r["places"] = [
            (m["start"], m["end"]) for m in r["entityMentions"] if m["label"] == "Ns"
        ]
    return rows


def full_text(row: dict) -> str:
    """The paragraph with every masked labelled name given a full name."""
    rng = random.Random(f"{SEED}-{doc_id(row)}-names")  # noqa: S311 (a fixed draw)
    chosen: dict[str, str] = {}
    text = list(row["sentText"])
    for s, e in row["names"]:
        name = row["sentText"][s:e]
        if not any(c in MASKS for c in name):
            continue
        if name not in chosen:
            new = "".join(rng.choice(GIVEN) if c in MASKS else c for c in name)
            if name[0] in MASKS:  # XXX: no surname left; give it a common one
                new = rng.choice(SURNAMES) + new[1:]
            chosen[name] = new
        text[s:e] = chosen[name]
    return "".join(text)


def build(row: dict, text: str) -> tuple[str, list[tuple[int, int, str, str]]]:
    """Plant numbers and negatives; return the text and its gold (s, e, kind, format)."""
    rng = random.Random(f"{SEED}-{doc_id(row)}")  # noqa: S311 (a fixed draw)
    gold = [(s, e, "person_name", "") for s, e in row["names"]]
    gold += [(s, e, "place", "") for s, e in row["places"]]
    spans = sorted(row["names"] + row["places"])
    # Insertion points: right after a name, or after a comma/full stop outside a span.
    points = [e for s, e in row["names"]] + [
        i + 1
        for i, c in enumerate(text)
        if c in "，。" and not any(s <= i < e for s, e in spans)
    ]
    points = sorted(set(points)) or [len(text)]
    inserts = plant(points, rng, count=rng.randint(2, 4))
    for pos, snippet, kind, value, fmt in sorted(inserts, key=lambda t: -t[0]):
        text = text[:pos] + snippet + text[pos:]
        n = len(snippet)
        gold = [
            (s + n if s >= pos else s, e + n if e > pos else e, k, f)
            for s, e, k, f in gold
        ]
        if kind:
            at = pos + snippet.index(value)
            gold.append((at, at + len(value), kind, fmt))
    return text, gold


def covered(gold: tuple[int, int], preds: list, text: str) -> bool:
    s, e = gold
    while s < e and text[s] in "“”\"'‘’":
        s += 1
    while e > s and text[e - 1] in "“”\"'‘’":
        e -= 1
    chars = set(range(s, e))
    for p in preds:
        chars -= set(range(p.start, p.end))
    return not chars


def _masked(value: str) -> bool:
    return any(c in MASKS for c in value)


def score(cases: list[tuple[str, list]]) -> dict:
    """Count hits per kind (recall), per number format, and correct predictions."""
    recall: dict = defaultdict(lambda: [0, 0])
    formats: dict = defaultdict(lambda: [0, 0])
    prec: dict = defaultdict(lambda: [0, 0])
    name_prec = [0, 0]  # predicted names without a mask character
    wrong: Counter = Counter()
    missed: Counter = Counter()
    missed_numbers: list[str] = []
    chars = 0
    t0 = time.perf_counter()
    for text, gold in cases:
        preds = find_personal_data(text)
        chars += len(text)
        for s, e, kind, fmt in gold:
            if kind == "place":
                continue
            hit = covered((s, e), preds, text)
            recall[kind][0] += hit
            recall[kind][1] += 1
            if kind == "person_name" and not _masked(text[s:e]):
                recall["person_name_unmasked"][0] += hit
                recall["person_name_unmasked"][1] += 1
            if kind == "person_name" and not hit:
                missed[text[s:e]] += 1
            if fmt:
                formats[(kind, fmt)][0] += hit
                formats[(kind, fmt)][1] += 1
                if not hit:
                    missed_numbers.append(text[max(0, s - 8) : e + 4])
        for p in preds:
            group = {"person_name": ("person_name",), "address": ("place",)}.get(
                p.kind, NUMBER_KINDS
            )
            ok = any(s < p.end and p.start < e and k in group for s, e, k, _ in gold)
            prec[p.kind][0] += ok
            prec[p.kind][1] += 1
            if p.kind == "person_name" and not _masked(p.text):
                name_prec[0] += ok
                name_prec[1] += 1
                if not ok:
                    wrong[p.text] += 1
    elapsed = time.perf_counter() - t0
    return {
        "recall": recall,
        "formats": formats,
        "precision": prec,
        "name_precision": name_prec,
        "wrong": wrong,
        "missed": missed,
        "missed_numbers": missed_numbers,
        "chars_per_s": chars / elapsed if elapsed else 0.0,
    }


def ratio(pair) -> float:
    return pair[0] / pair[1] if pair[1] else float("nan")


def pooled(d: dict, kinds) -> list[int]:
    return [sum(d[k][0] for k in kinds), sum(d[k][1] for k in kinds)]


def evaluate(rows: list[dict], split: str) -> dict:
    """Score one split on both texts; return {"published": ..., "full": ..., "docs"}."""
    part = [r for r in rows if r["official_split"] == SPLITS[split]]
    return {
        "published": score([build(r, r["sentText"]) for r in part]),
        "full": score([build(r, full_text(r)) for r in part]),
        "docs": len(part),
    }


def summary(res: dict) -> dict[str, float]:
    """The headline figures of one split: numbers pooled over both texts."""
    pub, full = res["published"], res["full"]
    numbers = [
        a + b
        for a, b in zip(
            pooled(pub["recall"], NUMBER_KINDS),
            pooled(full["recall"], NUMBER_KINDS),
            strict=True,
        )
    ]
    number_prec = [
        a + b
        for a, b in zip(
            pooled(pub["precision"], NUMBER_KINDS),
            pooled(full["precision"], NUMBER_KINDS),
            strict=True,
        )
    ]
    return {
        "number_recall": ratio(numbers),
        "number_precision": ratio(number_prec),
        "numbers": numbers[1],
        "name_recall": ratio(full["recall"]["person_name"]),
        "name_precision": ratio(full["name_precision"]),
        "name_recall_published": ratio(pub["recall"]["person_name"]),
        "name_precision_published": ratio(pub["name_precision"]),
        "name_recall_unmasked_published": ratio(pub["recall"]["person_name_unmasked"]),
    }
