"""Read a JSON Lines law corpus (the LawRefBook shape) into parsed laws.

One line per law version: `title`, `name`, `level`, `category`, `publish`, `valid_from`,
`expired`, `path`, and `text` (Markdown: `# 标题`, dated adoption lines, `<!-- INFO END -->`,
chapters as `##`, articles as lines starting 第X条).
"""

import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .articles import INFO_END, ParsedArticle, split_articles

ORG = re.compile(
    r"([\u4e00-\u9fff]{0,12}?)第[一二三四五六七八九十]+届"
    r"(全国人民代表大会常务委员会|全国人民代表大会|人民代表大会常务委员会|人民代表大会)"
)
ISSUER_BY_LEVEL = {
    "宪法": "全国人民代表大会",
    "法律": "全国人民代表大会常务委员会",
    "行政法规": "国务院",
    "司法解释": "最高人民法院",
}


@dataclass
class ParsedLaw:
    source: str
    title: str
    work_key: str
    level: str
    issuer_name: str
    published_on: dt.date | None
    effective_on: dt.date | None
    expired: bool
    articles: list[ParsedArticle]


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def issuer_name(header: str, level: str, title: str) -> str:
    """Guess the issuing authority from the adoption lines, else from the level."""
    m = ORG.search(header)
    if m:
        return m.group(1) + m.group(2)
    if "最高人民检察院" in header or "最高人民检察院" in title:
        return "最高人民检察院"
    if "国务院" in header:
        return "国务院"
    return ISSUER_BY_LEVEL.get(level, "")


def parse_line(line: str) -> ParsedLaw:
    """Parse one JSON line of the corpus."""
    row = json.loads(line)
    text = row.get("text") or ""
    header = text.split(INFO_END, 1)[0] if INFO_END in text else text[:300]
    title = (row.get("title") or row.get("name") or "").strip()
    level = row.get("level") or row.get("category") or ""
    return ParsedLaw(
        source=row.get("path") or "",
        title=title,
        work_key=title,
        level=level,
        issuer_name=issuer_name(header, level, title),
        published_on=_date(row.get("publish") or row.get("date_in_filename")),
        effective_on=_date(row.get("valid_from")),
        expired=bool(row.get("expired")),
        articles=split_articles(text),
    )


def read_corpus(path: Path, *, limit: int | None = None) -> Iterator[ParsedLaw]:
    """Yield the laws of a JSON Lines file, at most *limit* of them."""
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if limit is not None and n >= limit:
                return
            if line.strip():
                yield parse_line(line)
