"""Split a law's Markdown text into articles (第X条), each with a stable anchor.

>>> [a.anchor for a in split_articles("## 第一章 总则\\n\\n第一条 目的。\\n\\n第十七条之一 另。")]
['art-1', 'art-17-1']
"""

import re
from dataclasses import dataclass

NUMERALS = "零〇一二三四五六七八九十百千两"
ARTICLE = re.compile(
    rf"^(第([{NUMERALS}]+)条(?:之([{NUMERALS}]+))?)(?:[ \u3000]+|$)", re.MULTILINE
)
HEADING = re.compile(r"^#{2,6}\s*(.+?)\s*$")
CITATION = re.compile(rf"《([^《》]{{2,60}})》(?:第([{NUMERALS}]+)条)?")
INFO_END = "<!-- INFO END -->"
ZERO_WIDTH = re.compile("[\u200b-\u200d\u2060\ufeff]")
DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6,
          "七": 7, "八": 8, "九": 9}  # fmt: skip
UNITS = {"十": 10, "百": 100, "千": 1000}


def cn_number(text: str) -> int:
    """Return the value of a Chinese numeral as used in article numbers.

    >>> cn_number("三十"), cn_number("十二"), cn_number("一百零五"), cn_number("一千二百")
    (30, 12, 105, 1200)
    """
    total, digit = 0, 0
    for ch in text:
        if ch in DIGITS:
            digit = DIGITS[ch]
        else:
            total += (digit or 1) * UNITS[ch]
            digit = 0
    return total + digit


def anchor_for(number: str) -> str:
    """Return the anchor of an article number: 第三十条 -> art-30, 第十七条之一 -> art-17-1."""
    m = ARTICLE.match(number)
    if not m:
        return ""
    anchor = f"art-{cn_number(m.group(2))}"
    return f"{anchor}-{cn_number(m.group(3))}" if m.group(3) else anchor


@dataclass
class ParsedArticle:
    number: str
    anchor: str
    chapter: str
    text: str


def split_articles(body: str) -> list[ParsedArticle]:
    """Return the articles of a law body; a body without 第X条 gives one per section.

    Text before the first article (a preamble, 序言) becomes an article of its own.
    """
    if INFO_END in body:
        body = body.split(INFO_END, 1)[1]
    body = ZERO_WIDTH.sub("", body)
    articles: list[ParsedArticle] = []
    chapter = ""
    current: ParsedArticle | None = None
    loose: list[str] = []  # text not inside an article
    sections: list[tuple[str, list[str]]] = [("", loose)]
    for raw in body.splitlines():
        line = raw.strip()
        if not line or line.startswith("# "):
            continue
        heading = HEADING.match(line)
        if heading:
            chapter = heading.group(1).replace(" ", "")
            current = None
            sections.append((chapter, []))
            continue
        m = ARTICLE.match(line)
        if m:
            current = ParsedArticle(m.group(1), anchor_for(m.group(1)), chapter, line)
            articles.append(current)
        elif current is not None:
            current.text += "\n" + line
        else:
            sections[-1][1].append(line)
    if not articles:
        out = []
        for i, (title, lines) in enumerate(s for s in sections if s[1]):
            out.append(
                ParsedArticle(title or "全文", f"sec-{i + 1}", title, "\n".join(lines))
            )
        return out
    preamble = [line for _, lines in sections for line in lines]
    if preamble:
        articles.insert(0, ParsedArticle("序言", "preamble", "", "\n".join(preamble)))
    # Repeated numbers (a law quoting another's article) keep unique anchors.
    seen: dict[str, int] = {}
    for a in articles:
        n = seen.get(a.anchor, 0)
        seen[a.anchor] = n + 1
        if n:
            a.anchor = f"{a.anchor}-v{n + 1}"
    return articles


def citations(text: str) -> list[tuple[str, str]]:
    """Return (cited title, cited anchor or "") for every 《…》 reference in *text*.

    >>> citations("依照《中华人民共和国行政复议法》第三十条和《条例》")
    [('中华人民共和国行政复议法', 'art-30'), ('条例', '')]
    """
    return [
        (title, f"art-{cn_number(num)}" if num else "")
        for title, num in CITATION.findall(text)
    ]
