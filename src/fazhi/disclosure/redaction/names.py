"""Natural persons' names in decision and judgment texts.

Chinese names have no capital letters and no spaces, so the finder combines weak
signals, each of which is public knowledge rather than learnt from data:

1. already pseudonymised forms (张某, 欧阳某某, 陈X册, 李×): a surname followed by a mask;
2. context cues that introduce a person (当事人：, 被告人, 法定代表人, 姓名, ...) or follow one
   (，男，, 出生于, 身份证号 ...);
3. jieba's part-of-speech tag ``nr`` (person name) on a word starting with a surname,
   when jieba is installed (optional; the rules work without it);
4. propagation: once a full name is found, every other occurrence of it is a name too.

A candidate must start with a surname from ``surnames.txt`` (except ``known_names``),
must not be an ordinary dictionary word, and must not be part of a legal person's or
a place's name (王老吉药业有限公司, 白云区), which stay in publications.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

CJK = r"\u4e00-\u9fff"
MASKS = "某XＸx×＊*○〇"
_MASK_CLASS = "某XＸx×＊*○〇"

# Characters that end a name's given part when read after a surname: grammatical words
# and verbs that follow a subject. A given name almost never uses them.
_STOP_CHARS = set(
    "的了在是和与及等为因于将把被从向到至说称讲又也都就还已曾所之其该并或而但则即对给"
    "让叫使由以用着过不没无有要会可买卖去来找拿带送交打称系经共均各每个名人次年月日时分"
    "元克粒包支瓶"
)

# Words that introduce a natural person. Generic to decisions, judgments and records.
_STRONG_CUES = (
    "当事人|被告人|被告|原告|上诉人|被上诉人|申请执行人|被执行人|申请人|被申请人|第三人|"
    "法定代表人|负责人|经营者|投资人|委托代理人|诉讼代理人|代理人|辩护人|姓名|户主|联系人|"
    "证人|被害人|受害人|犯罪嫌疑人|嫌疑人|同案人|同案犯|违法行为人|行为人|举报人|投诉人|"
    "个体工商户|业主|房东|承租人|出租人|驾驶人|驾驶员|吸毒人员|购毒人员|吸毒者|购毒者|"
    "涉案人员|人员|妻子|丈夫|儿子|女儿|父亲|母亲|哥哥|弟弟|姐姐|妹妹|朋友|男子|女子|村民|"
    "居民|患者|学生|老板|员工|工人|店主|租客|邻居"
)
_STRONG_CUE = re.compile(rf"(?:{_STRONG_CUES})(?:（[^）]{{1,12}}）)?[：:]?\s*$")
# Weaker cues: a person is often the object of these verbs or conjunctions.
_WEAK_CUE = re.compile(
    r"(?:与|和|及|伙同|向|给|找|让|帮|叫|同|跟|联系|告诉|委托|介绍|通知|询问|告知|将|把|被|由|经|、|"
    r"容留|指派|指使|雇佣|安排|抓获|收件人|寄件人|付款人|收款人)$"
)
# What follows a person's name in a decision: sex, birth, ID, domicile, role verbs.
_SEX_AFTER = re.compile(r"[，,、（(]\s*(?:男|女)[，,、）)；;\s]")
_AFTER_CUE = re.compile(
    r"[，,、（(]?\s*(?:男|女)[，,、）)；;\s]|[，,（(]?\s*(?:出生|生于|身份证|公民身份|户籍|家住|住址|现住|"
    r"住[\u4e00-\u9fff]{1,4}(?:省|市|区|县)|系|等[人二三四五六七八九十两]|等人|供述|证实|证言|辩称|"
    r"称|说|陈述|打电话|电话|驾驶|签字|签名|的[供证陈]|[：:]\s*[“\"])"
)
_ORG_SUFFIX = re.compile(
    r"(?P<lead>[\u4e00-\u9fffA-Za-z0-9]{0,10}?)(?:有限责任公司|股份有限公司|有限公司|公司|集团|"
    r"合作社|中心|商行|经营部|门市部|批发部|酒店|宾馆|饭店|酒楼|医院|诊所|药房|学校|"
    r"幼儿园|银行|事务所|研究所|研究院|协会|商会|委员会|管理局|管理处|办事处|超市|市场|"
    r"网吧|工作室|车行|茶楼|会所)"
    r"|(?P<lead2>[\u4e00-\u9fffA-Za-z0-9]{2,10}?)(?:厂|店|局|院|所|站|馆|场|部)"
)
_PLACE_AFTER = re.compile(
    r"(?:省|市|县|区|镇|乡|村|路|街|巷|道|桥|山|河|湖|江|岛|湾|港|屯|寨|庄|坪|坝|塘|洞|岭|园|苑|湾)"
)
# A case or document number follows an agency's short name: 白云复〔2020〕12号.
_DOC_NUMBER_AFTER = re.compile(r"[\u4e00-\u9fff]{0,3}[〔［\[]")
_PLACE_END = set("省市县区镇乡村路街巷道桥")
# Two-character function words whose second character is also a surname.
_FUNCTION_WORDS = frozenset(
    [
        "位于",
        "关于",
        "由于",
        "对于",
        "至于",
        "等于",
        "在于",
        "属于",
        "用于",
        "基于",
        "处于",
        "终于",
        "便于",
        "易于",
        "难于",
        "对向",
        "走向",
        "方向",
        "面向",
        "指向",
        "去向",
        "转向",
        "流向",
        "趋向",
        "倾向",
        "一向",
        "以及",
        "涉及",
        "危及",
        "来及",
        "波及",
        "顾及",
        "如何",
        "任何",
        "为何",
        "同时",
        "及时",
        "当时",
        "按时",
        "此时",
        "届时",
        "随时",
        "暂时",
        "准时",
        "而后",
        "之后",
        "然后",
        "最后",
        "其后",
        "事后",
        "先后",
        "前后",
        "落后",
        "并和",
        "总和",
        "温和",
        "缓和",
        "所有",
        "没有",
        "持有",
        "具有",
        "拥有",
        "含有",
        "已经",
        "曾经",
        "途经",
        "业经",
        "再次",
        "多次",
        "首次",
        "依次",
        "层次",
        "一次",
    ]
)
_MASKED_AFTER_CUE = re.compile(rf"[{CJK}]{{1,3}}?某{{1,3}}(?![{CJK}])")
# Surnames that are also address units (区, 路, 房 ...): after a place they are units.
_ADDRESS_UNIT = set("省市县区镇乡村路街巷道桥号栋楼室房店场厂园苑段组队车")
_ORG_BREAK = re.compile(r"[的在到等与和及、，。；：:,;\s]")


@cache
def _surnames() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Return (single, compound, common) surname sets from the package's data file."""
    text = resources.files(__package__).joinpath("surnames.txt").read_text("utf-8")
    single: set[str] = set()
    compound: set[str] = set()
    common: set[str] = set()
    target = single
    for line in text.splitlines():
        if line.startswith("# compound"):
            target = compound
            continue
        if line.startswith("# common"):
            target = common
            continue
        if line.startswith("#"):
            continue
        target.update(line.split())
    single |= common
    return frozenset(single), frozenset(compound), frozenset(common)


def surname_at(text: str, i: int) -> int:
    """Return the length (2, 1 or 0) of the surname starting at text[i]."""
    single, compound, _ = _surnames()
    if text[i : i + 2] in compound:
        return 2
    return 1 if i < len(text) and text[i] in single else 0


@cache
def _jieba():
    """Return jieba.posseg and jieba's word-tag table, or None if jieba is absent."""
    try:
        import jieba
        import jieba.posseg as pseg
    except ImportError:  # pragma: no cover - jieba is optional
        return None
    jieba.setLogLevel(60)
    pseg.dt.initialize()
    return pseg, pseg.dt.word_tag_tab


def _tokens(text: str) -> list[tuple[int, int, str, str]]:
    """Return jieba's (start, end, word, flag) tokens, or [] without jieba."""
    jb = _jieba()
    if jb is None:
        return []
    out = []
    pos = 0
    for pair in jb[0].cut(text, HMM=True):
        word = pair.word
        out.append((pos, pos + len(word), word, pair.flag))
        pos += len(word)
    return out


def _dict_tag(word: str) -> str | None:
    jb = _jieba()
    if jb is None:
        return None
    return jb[1].get(word)


# Grammatical characters that do occur as the first of two given-name characters
# (赵其龙, 苏为新): allowed there, never as the last one.
_SOFT_STOP = set("其为成于以可")


def _ordinary_word(word: str) -> bool:
    """Whether jieba's dictionary knows *word* as something other than a name."""
    tag = _dict_tag(word)
    return tag is not None and not tag.startswith("nr")


@cache
def _terms() -> frozenset[str]:
    text = resources.files(__package__).joinpath("terms.txt").read_text("utf-8")
    return frozenset(
        w
        for line in text.splitlines()
        if not line.startswith("#")
        for w in line.split()
    )


def _is_term(text: str, start: int, end: int) -> bool:
    """Whether a domain term (麻古, 支付宝) starts at or covers the candidate."""
    terms = _terms()
    word = text[start:end]
    if any(term in word for term in terms if len(term) <= len(word)):
        return True
    return any(text[start : start + n] in terms for n in range(2, 6)) or any(
        text[b:e] in terms
        for b in range(max(0, start - 3), start + 1)
        for e in range(end, end + 3)
        if e - b >= 2
    )


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _is_given_char(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" and ch not in _STOP_CHARS


class _Finder:
    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokens(text)
        self.bounds = {0, len(text)} | {t[1] for t in self.tokens}
        self.found: dict[tuple[int, int], str] = {}

    # --- extent ------------------------------------------------------------------
    def extent(self, i: int) -> int | None:
        """Return the end of a full name starting with a surname at *i*, or None."""
        text = self.text
        s = surname_at(text, i)
        if not s:
            return None
        g = i + s
        n = 0
        while n < 2 and g + n < len(text) and _is_given_char(text[g + n]):
            n += 1
        if (
            n == 0
            and text[g : g + 1] in _SOFT_STOP
            and _is_given_char(text[g + 1 : g + 2])
            and (not self.tokens or g + 2 in self.bounds)
        ):
            n = 2
        if n == 0:
            return None
        after = text[g + n : g + n + 1]
        if (
            n == 2
            and self.tokens
            and after
            and _is_cjk(after)
            and after not in _STOP_CHARS
        ):
            # 张三丰收 or 张三|丰收? Only here, where the text runs on, ask jieba.
            two, one = g + 2 in self.bounds, g + 1 in self.bounds
            if one and not two:
                n = 1
        end = g + n
        # Judgments tell apart two people of one name with a digit: 李某某1.
        if re.match(r"[1-9１-９](?![0-9])", text[end : end + 2]):
            end += 1
        return end

    def add(self, start: int, end: int, source: str) -> None:
        self.found.setdefault((start, end), source)

    # --- sources -----------------------------------------------------------------
    def masked(self) -> None:
        """张某, 欧阳某某, 陈X册, 李××1: a surname, then a mask, possibly a character."""
        single, compound, _ = _surnames()
        pattern = re.compile(
            rf"(?:{'|'.join(sorted(compound))}|[{''.join(sorted(single))}])"
            rf"(?:[{_MASK_CLASS}]{{2,3}}[甲乙丙丁0-9１-９]?|[{_MASK_CLASS}][{CJK}甲乙丙丁0-9１-９]|[{_MASK_CLASS}])"
        )
        text = self.text
        for m in pattern.finditer(text):
            start, end = m.span()
            word = m.group()
            # A given character after the mask must not start the next word (某酒店).
            if (
                end < len(text)
                and word[-1] not in _MASK_CLASS + "甲乙丙丁"
                and not self._ends_name(end)
            ):
                end -= 1
                word = word[:-1]
            while word[-1] not in _MASK_CLASS and word[-1] in _STOP_CHARS:
                end -= 1
                word = word[:-1]
            if "某" in word and _PLACE_AFTER.match(text, end) and word.endswith("某"):
                continue  # 于某村, 到某市
            if start > 0 and text[start - 1 : start + 1] in _FUNCTION_WORDS:
                continue  # 位于某处, 关于某某: not a person
            if word[0] in _ADDRESS_UNIT and start > 0 and _is_cjk(text[start - 1]):
                continue  # 白云区某某路, 某某路XXX弄: an address, not 区某
            if _ORG_SUFFIX.match(text, end) and not self._org_break(end):
                continue
            self.add(start, end, "masked")

    def _ends_name(self, end: int) -> bool:
        nxt = self.text[end : end + 1]
        return not nxt or not ("\u4e00" <= nxt <= "\u9fff") or nxt in _STOP_CHARS

    def _org_break(self, end: int) -> bool:
        m = _ORG_SUFFIX.match(self.text, end)
        if not m:
            return False
        lead = m.group("lead") if m.group("lead") is not None else m.group("lead2")
        return bool(_ORG_BREAK.search(lead) or _STOP_CHARS & set(lead))

    def cued(self) -> None:
        """A surname right after a strong cue (当事人：张三) or before 男/女, 出生..."""
        text = self.text
        for m in _MASKED_AFTER_CUE.finditer(text):
            # 被告人沙马某某, 吸毒人员吉烈某某: a pseudonym whose surname is not listed.
            if _STRONG_CUE.search(text[max(0, m.start() - 12) : m.start()]):
                self.add(m.start(), m.end(), "masked")
        for i in range(len(text)):
            if not surname_at(text, i):
                continue
            end = self.extent(i)
            if end is None:
                continue
            if _STRONG_CUE.search(text[max(0, i - 12) : i]):
                if self._plausible(i, end, strong=True):
                    self.add(i, end, "cue")
            elif (
                (_SEX_AFTER.match(text, end) and self._plausible(i, end, strong=True))
                or (
                    _AFTER_CUE.match(text, end)
                    and self._plausible(i, end, strong=False)
                )
                or (
                    _WEAK_CUE.search(text[max(0, i - 6) : i])
                    and self._ends_name(end)
                    and self._plausible(i, end, strong=False)
                )
            ):
                self.add(i, end, "cue")

    def tagged(self) -> None:
        """jieba's nr words, and a surname word followed by a name-like word."""
        _, _, common = _surnames()
        toks = self.tokens
        for k, (start, end, word, flag) in enumerate(toks):
            s = surname_at(self.text, start)
            if not s:
                continue
            if flag in ("nr", "nrfg", "nrt") and s < len(word) <= s + 2:
                if len(word) == 2 and s == 1 and word[0] not in common:
                    continue
                if self._plausible(start, end, strong=False, tagged=True):
                    self.add(start, end, "tagged")
            elif len(word) == s and k + 1 < len(toks):
                _, nend, nword, nflag = toks[k + 1]
                if (
                    nflag in ("nr", "nrfg", "nz", "ng", "nrt")
                    and 1 <= len(nword) <= 2
                    and all(_is_given_char(c) for c in nword)
                    and not _ordinary_word(nword)
                    and (len(nword) == 2 or word in common)
                    and self._plausible(start, nend, strong=False)
                ):
                    self.add(start, nend, "tagged")

    def enumerations(self) -> None:
        """Names listed with 、 next to a found name: 郑庆、姚仁、廖浩."""
        text = self.text
        for _ in range(2):
            for start, end in list(self.found):
                if text[end : end + 1] == "、":
                    nxt = self.extent(end + 1)
                    if nxt and self._plausible(end + 1, nxt, strong=False, listed=True):
                        self.add(end + 1, nxt, "listed")
                if start > 2 and text[start - 1] == "、":
                    for b in (start - 3, start - 4, start - 2):
                        if b >= 0 and self.extent(b) == start - 1:
                            if self._plausible(b, start - 1, strong=False, listed=True):
                                self.add(b, start - 1, "listed")
                            break

    def _plausible(
        self,
        start: int,
        end: int,
        *,
        strong: bool,
        tagged: bool = False,
        listed: bool = False,
    ) -> bool:
        text = self.text
        word = text[start:end]
        s = surname_at(text, start)
        given = word[s:]
        if not given or given[-1] in _STOP_CHARS or any(c in MASKS for c in given):
            return False
        if any(c in _STOP_CHARS and c not in _SOFT_STOP for c in given):
            return False
        if word[-1] in _PLACE_END or _PLACE_AFTER.match(text, end):
            return False
        if _DOC_NUMBER_AFTER.match(text, end):
            return False
        if _ORG_SUFFIX.match(text, end) and not self._org_break(end):
            return False
        if _is_term(text, start, end):
            return False
        if _ordinary_word(word) or (len(word) == 3 and _ordinary_word(word[:2])):
            # An ordinary word (高速, 周围, 银行卡): only a strong cue makes it a name.
            return (
                strong
                and _STRONG_CUE.search(text[max(0, start - 12) : start]) is not None
            )
        if strong or listed:
            return True
        if len(given) == 2 and _ordinary_word(given):
            return (
                False  # 后|如实, 经|事先: a surname character before an ordinary word
            )
        if self.tokens and (end not in self.bounds or start not in self.bounds):
            return False  # 于联|系: the candidate cuts a word in two
        if tagged and len(word) >= 3:
            return True
        before = text[max(0, start - 6) : start]
        after_ok = bool(_AFTER_CUE.match(text, end))
        cue_ok = bool(_WEAK_CUE.search(before) or _STRONG_CUE.search(before))
        boundary = start == 0 or not _is_cjk(text[start - 1])
        return after_ok or cue_ok or boundary

    def propagate(self, extra: tuple[str, ...]) -> None:
        """Every occurrence of a full name found once (or given by the caller)."""
        names = {self.text[s:e] for (s, e) in self.found}
        names = {n for n in names if len(n) >= 2 and not any(c in MASKS for c in n)}
        names |= {n for n in extra if n}
        for name in sorted(names, key=len, reverse=True):
            for m in re.finditer(re.escape(name), self.text):
                self.add(m.start(), m.end(), "propagated")


def find_names(
    text: str, *, known_names: tuple[str, ...] | list[str] = ()
) -> list[tuple[int, int]]:
    """Return non-overlapping (start, end) spans of natural persons' names in *text*."""
    finder = _Finder(text)
    finder.masked()
    finder.cued()
    finder.tagged()
    finder.enumerations()
    finder.propagate(tuple(known_names))
    # Longest span first at each position; then drop overlaps left to right.
    spans = sorted(finder.found, key=lambda se: (se[0], -(se[1] - se[0])))
    out: list[tuple[int, int]] = []
    last_end = -1
    for start, end in spans:
        if start >= last_end:
            out.append((start, end))
            last_end = end
    return out
