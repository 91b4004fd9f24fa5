"""Precision and recall of the personal-data redactor on real judgment paragraphs.

Labelled set: ../shared/data/cail2022_xxcq (CAIL2022 信息抽取, real court paragraphs with
person ``Nh`` and place ``Ns`` spans). The data has no numbers, so synthetic ID numbers
(18-digit with a valid GB 11643 check character, and 15-digit), mobile and fixed phone
numbers, Luhn-valid bank cards and e-mail addresses are inserted at known positions
with a seeded RNG, some after a cue word (身份证号：), some bare. Negatives that must
stay are inserted too: company names with valid unified social credit codes, case
numbers, money amounts, dates.

Two texts per paragraph:
- ``as published``: the paragraph as the court published it (most names already
  pseudonymised as 林某某; about 1,350 full names, nicknames, placeholders);
- ``full names``: every mask character of a labelled name replaced by a random common
  given-name character (林某某 -> 林建华, the same replacement throughout an article), so
  the names must be found from context, as in an unredacted decision.

Split: CAIL's ``train`` paragraphs are the dev split (rules were tuned looking at them
only); ``test`` paragraphs are held out. The BENCH line reports the held-out split,
names on the ``full names`` text (the hard, realistic case), numbers and precision on
both texts pooled.

Scoring: a gold span is recalled if predicted spans cover all its characters (quotes
around a nickname excepted); a predicted name or number span is correct if it overlaps
a gold span of its group (names: Nh; numbers: inserted numbers). Address predictions
are scored against ``Ns`` place spans and reported apart (the data labels places, not
home addresses). Label noise dropped from the gold names: ``Nh`` mentions that are a
weight (0.1克) or a drug (labelled NDR elsewhere in the data).
"""

from __future__ import annotations

import json
import random
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from fazhi.disclosure.redaction import find_personal_data  # noqa: E402
from fazhi.disclosure.redaction.checks import id_check_char, uscc_check_char  # noqa: E402

DATA = REPO.parent / "shared" / "data" / "cail2022_xxcq" / "paragraphs.jsonl"
SEED = 20240611
NUMBER_KINDS = ("id_number", "mobile", "landline", "bank_card", "email")
MASKS = "某XＸx×＊*○〇"
# Common given-name characters (public knowledge), for the full-names text.
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红文辉玉兰梅林斌波宇浩凯健俊帆帅"
    "旭宁龙晨鹏飞成海峰东亮晓春燕云雪琴慧丹萍晶颖玲倩婷欣怡嘉瑞博宏坤振鑫昊然子轩思雨梦琪"
    "佳德胜永忠福贵荣祥发富才光兴金山水生喜庆宝松柏清源泉德仁义礼智信安康乐长新中"
)
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁"
AREA = ("020", "0755", "0769", "010", "021", "0731", "028", "0571")
REGIONS = (
    "440111",
    "440106",
    "430102",
    "510104",
    "110105",
    "320102",
    "420102",
    "530102",
)


def id18(rng: random.Random) -> str:
    y, m, d = rng.randint(1950, 2005), rng.randint(1, 12), rng.randint(1, 28)
    body = f"{rng.choice(REGIONS)}{y:04d}{m:02d}{d:02d}{rng.randint(0, 999):03d}"
    return body + id_check_char(body)


def id15(rng: random.Random) -> str:
    y, m, d = rng.randint(50, 99), rng.randint(1, 12), rng.randint(1, 28)
    return f"{rng.choice(REGIONS)}{y:02d}{m:02d}{d:02d}{rng.randint(0, 999):03d}"


def luhn_complete(body: str) -> str:
    for c in "0123456789":
        digits = body + c
        total = 0
        for i, ch in enumerate(reversed(digits)):
            v = int(ch) * (2 if i % 2 else 1)
            total += v - 9 if v > 9 else v
        if total % 10 == 0:
            return digits
    raise AssertionError


def card(rng: random.Random) -> str:
    n = rng.choice((16, 16, 19, 19, 17, 18))
    bin_ = rng.choice(("622202", "621700", "622848", "625965", "436742", "622588"))
    body = bin_ + "".join(str(rng.randint(0, 9)) for _ in range(n - 7))
    value = luhn_complete(body)
    if rng.random() < 0.25:
        value = " ".join(value[i : i + 4] for i in range(0, len(value), 4))
    return value


def mobile(rng: random.Random) -> str:
    value = rng.choice(("13", "15", "18", "17", "19")) + str(rng.randint(0, 9))
    value += "".join(str(rng.randint(0, 9)) for _ in range(8))
    r = rng.random()
    if r < 0.15:
        return f"{value[:3]}-{value[3:7]}-{value[7:]}"
    if r < 0.25:
        return f"{value[:3]} {value[3:7]} {value[7:]}"
    return value


def landline(rng: random.Random) -> str:
    area = rng.choice(AREA)
    local = str(rng.randint(2, 8)) + "".join(
        str(rng.randint(0, 9))
        for _ in range(7 if len(area) == 3 else rng.choice((6, 7)))
    )
    style = rng.random()
    if style < 0.6:
        return f"{area}-{local}"
    if style < 0.8:
        return f"（{area}）{local}"
    return f"{area}-{local[:-4]} {local[-4:]}"


def email(rng: random.Random) -> str:
    user = "".join(
        rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(3, 8))
    )
    if rng.random() < 0.5:
        user += str(rng.randint(1, 9999))
    return f"{user}@{rng.choice(('163.com', 'qq.com', '126.com', 'gmail.com', 'sina.com.cn'))}"


def uscc(rng: random.Random) -> str:
    chars = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    body = "91" + rng.choice(REGIONS) + "".join(rng.choice(chars) for _ in range(9))
    return body + uscc_check_char(body)


# (kind, generator, templates): {} is the number. Some templates carry a cue, some not.
INSERTS = (
    (
        "id_number",
        id18,
        ("（身份证号码：{}）", "（公民身份号码{}）", "，证件号码{}，", "（{}）"),
    ),
    ("id_number", id15, ("（身份证号：{}）", "（原身份证号码{}）")),
    (
        "mobile",
        mobile,
        ("（手机：{}）", "，使用{}联系，", "，电话{}，", "，微信绑定号码为{}，"),
    ),
    ("landline", landline, ("（电话：{}）", "，座机{}，", "，拨打{}联系，")),
    (
        "bank_card",
        card,
        ("（银行卡号：{}）", "，向{}账户转账，", "，卡号{}，", "，通过{}收款，"),
    ),
    ("email", email, ("（邮箱：{}）", "，发送至{}，", "，联系邮箱{}，")),
)
NEGATIVES = (
    lambda r: (
        f"，涉及广州市白云区鸿{r.choice('发达兴盛')}贸易有限公司（统一社会信用代码：{uscc(r)}）"
    ),
    lambda r: f"，另查（{r.randint(2015, 2023)}）粤0111刑初{r.randint(1, 2999)}号案",
    lambda r: f"，罚款人民币{r.randint(1, 99) * 1000}元",
    lambda r: f"，依据第{r.choice('一二三四五六七八九十')}十{r.choice('一二三四五')}条",
    lambda r: f"，白云复〔{r.randint(2018, 2024)}〕{r.randint(1, 300)}号",
    lambda r: (
        f"，于{r.randint(2015, 2023)}{r.randint(1, 12):02d}{r.randint(1, 28):02d}立案"
    ),
)


def load() -> list[dict]:
    rows = [json.loads(line) for line in DATA.read_text("utf-8").splitlines() if line]
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


def full_names(rows: list[dict]) -> dict[tuple[int, int], str]:
    """Replace mask characters in labelled names, consistently within an article."""
    out = {}
    chosen: dict[tuple[int, str], str] = {}
    for r in rows:
        rng = random.Random(f"{SEED}-{r['articleId']}-{r['sentId']}-names")
        text = list(r["sentText"])
        for s, e in r["names"]:
            name = r["sentText"][s:e]
            if not any(c in MASKS for c in name):
                continue
            key = (r["articleId"], name)
            if key not in chosen:
                new = "".join(rng.choice(GIVEN) if c in MASKS else c for c in name)
                if name[0] in MASKS:  # XXX: no surname left; give it a common one
                    new = rng.choice(SURNAMES) + new[1:]
                chosen[key] = new
            text[s:e] = chosen[key]
        out[(r["articleId"], r["sentId"])] = "".join(text)
    return out


def build(row: dict, text: str) -> tuple[str, list[tuple[int, int, str]]]:
    """Insert numbers and negatives; return the new text and its gold spans."""
    rng = random.Random(f"{SEED}-{row['articleId']}-{row['sentId']}")
    gold = [(s, e, "person_name") for s, e in row["names"]] + [
        (s, e, "place") for s, e in row["places"]
    ]
    spans = sorted(row["names"] + row["places"])
    # Insertion points: right after a name, or at a comma/full stop outside any span.
    points = [e for s, e in row["names"]] + [
        i + 1
        for i, c in enumerate(text)
        if c in "，。" and not any(s <= i < e for s, e in spans)
    ]
    points = sorted(set(points))
    inserts = []
    for _ in range(rng.randint(1, 3)):
        kind, gen, templates = rng.choice(INSERTS)
        value = gen(rng)
        template = rng.choice(templates)
        inserts.append((rng.choice(points), template.replace("{}", value), kind, value))
    if rng.random() < 0.6:
        inserts.append((rng.choice(points), rng.choice(NEGATIVES)(rng), None, None))
    for pos, snippet, kind, value in sorted(inserts, key=lambda t: -t[0]):
        text = text[:pos] + snippet + text[pos:]
        n = len(snippet)
        gold = [
            (s + n if s >= pos else s, e + n if e > pos else e, k) for s, e, k in gold
        ]
        if kind:
            at = pos + snippet.index(value)
            gold.append((at, at + len(value), kind))
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


def score(cases: list[tuple[str, list]]) -> dict:
    recall = defaultdict(lambda: [0, 0])
    prec = defaultdict(lambda: [0, 0])
    wrong_names: Counter = Counter()
    missed_names: Counter = Counter()
    chars = 0
    t0 = time.perf_counter()
    for text, gold in cases:
        preds = find_personal_data(text)
        chars += len(text)
        for s, e, kind in gold:
            if kind == "place":
                continue
            hit = covered((s, e), preds, text)
            recall[kind][0] += hit
            recall[kind][1] += 1
            if not hit and kind == "person_name":
                missed_names[text[s:e]] += 1
        for p in preds:
            group = {"person_name": ("person_name",), "address": ("place",)}.get(
                p.kind, NUMBER_KINDS
            )
            ok = any(s < p.end and p.start < e and k in group for s, e, k in gold)
            prec[p.kind][0] += ok
            prec[p.kind][1] += 1
            if not ok and p.kind == "person_name":
                wrong_names[p.text] += 1
    elapsed = time.perf_counter() - t0
    return {
        "recall": recall,
        "precision": prec,
        "wrong": wrong_names,
        "missed": missed_names,
        "chars_per_s": chars / elapsed,
    }


def ratio(pair) -> float:
    return pair[0] / pair[1] if pair[1] else float("nan")


def pooled(d: dict, kinds) -> list[int]:
    return [sum(d[k][0] for k in kinds), sum(d[k][1] for k in kinds)]


def report(label: str, res: dict, verbose: bool) -> None:
    print(f"-- {label}  ({res['chars_per_s']:,.0f} chars/s)")
    for kind in ("person_name", *NUMBER_KINDS):
        r, p = res["recall"][kind], res["precision"][kind]
        print(
            f"   {kind:12s} recall {ratio(r):.4f} ({r[0]}/{r[1]})   "
            f"precision {ratio(p):.4f} ({p[0]}/{p[1]})"
        )
    a = res["precision"]["address"]
    print(f"   {'address':12s} precision vs Ns places {ratio(a):.4f} ({a[0]}/{a[1]})")
    if verbose and label.startswith("dev"):
        print("   false names:", res["wrong"].most_common(40))
        print("   missed names:", res["missed"].most_common(40))


def main() -> None:
    if not DATA.exists():
        print(
            f"bench/redaction.py: {DATA} not found (the shared data is absent); skipped"
        )
        return
    verbose = "-v" in sys.argv
    rows = load()
    renamed = full_names(rows)
    results = {}
    for split, official in (("dev", "train"), ("held-out", "test")):
        part = [r for r in rows if r["official_split"] == official]
        published = [build(r, r["sentText"]) for r in part]
        full = [build(r, renamed[(r["articleId"], r["sentId"])]) for r in part]
        res_pub = score(published)
        res_full = score(full)
        report(f"{split}, as published ({len(part)} paragraphs)", res_pub, verbose)
        report(f"{split}, full names ({len(part)} paragraphs)", res_full, verbose)
        results[split] = (res_pub, res_full, len(part))
    res_pub, res_full, n = results["held-out"]
    numbers = [
        pooled(res_pub["recall"], NUMBER_KINDS)[i]
        + pooled(res_full["recall"], NUMBER_KINDS)[i]
        for i in (0, 1)
    ]
    kinds = ("person_name", *NUMBER_KINDS)
    precision = [
        pooled(res_pub["precision"], kinds)[i] + pooled(res_full["precision"], kinds)[i]
        for i in (0, 1)
    ]
    names_pub = res_pub["recall"]["person_name"]
    names_full = res_full["recall"]["person_name"]
    print(
        f"held-out names recall: as published {ratio(names_pub):.4f}, "
        f"full names {ratio(names_full):.4f} (BENCH uses full names)"
    )
    print(
        f"BENCH redaction recall_numbers={ratio(numbers):.4f} "
        f"recall_names={ratio(names_full):.4f} precision={ratio(precision):.4f} docs={n}"
    )


if __name__ == "__main__":
    main()
