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

from .lexicon import (
    _SOFT_STOP,
    _dict_tag,
    _is_action,
    _is_cjk,
    _is_given_char,
    _is_term,
    _not_names,
    _ordinary_word,
    _surnames,
    _tokens,
    surname_at,
)
from .name_patterns import (
    _ADDRESS_UNIT,
    _AFTER_CUE,
    _CORE_ROLE,
    _DOC_NUMBER_AFTER,
    _DOT_CHARS,
    _DOTTED_NAME,
    _FUNCTION_WORDS,
    _HARD_END,
    _HARD_STOP,
    _MASK_CLASS,
    _MASKED_AFTER_CUE,
    _NAME_END,
    _NICK_AFTER_CUE,
    _NICK_AFTER_STRONG,
    _NICK_AFTER_WEAK,
    _NICK_CUE,
    _NICK_NEAR_BEFORE,
    _NICK_SHAPE,
    _NOT_FIRST,
    _NOT_ORG_TAIL,
    _OBJECT_CUE,
    _ORG_BREAK,
    _ORG_SUFFIX,
    _PERSON_NOTE,
    _PERSON_OBJECT,
    _PERSON_OBJECT_AT,
    _PLACE_AFTER,
    _PLACE_END,
    _PREP_SURNAMES,
    _QUOTED,
    _QUOTED_THING_AFTER,
    _QUOTED_THING_BEFORE,
    _ROLE_AT,
    _ROLE_WORDS,
    _SEX_AFTER,
    _STOP_CHARS,
    _STRONG_CUE,
    _SUFFIX,
    _SURNAME_ALONE_AFTER,
    _SURNAME_ALONE_BEFORE,
    _WEAK_CUE,
    CJK,
    MASKS,
)

__all__ = ["MASKS", "find_names", "surname_at"]


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
        if re.match(r"[1-9１-９](?![0-9])", text[end : end + 2]) or (
            _SUFFIX.match(text, end) and _NAME_END.match(text, end + 1)
        ):
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
        # A verb right before a one-character suffix makes a noun (加油站, 停车场); one
        # further away, or before 酒店, is the verb of a sentence (离开现场, 入住酒店).
        last = len(lead) - 1 if m.group("lead") is not None else len(lead) - 2
        tail = self.text[m.end() - 2 : m.end()]
        return bool(
            tail in _NOT_ORG_TAIL  # 从张三处当场收缴: 当场 ends in 场, no market
            or _ORG_BREAK.search(lead)
            or _STOP_CHARS & set(lead)
            or any(_is_action(lead[k : k + 2]) for k in range(max(0, last)))
        )

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

    def list_members(self) -> None:
        """龚义、陆海信，, 靳志蓉、折俊龙吸食: the next item of a list of found names.

        Read like a name after a role (any surname, an ordinary word only before
        punctuation), up to punctuation, 等 or a verb that ends a name.
        """
        text = self.text
        for _ in range(2):
            for _start, end in sorted(self.found):
                i = end + 1
                if text[end : end + 1] != "、" or i >= len(text):
                    continue
                if not _is_given_char(text[i]) or any(s == i for s, _ in self.found):
                    continue
                stop = self._run_end(i, longest=3, strict=True)
                if stop is None or stop - i < 2:
                    continue
                if not (
                    _HARD_END.match(text, stop)
                    or text[stop : stop + 1] in ("等", "吸", "在", "二", "三", "两")
                ):
                    continue
                if self._context_name_ok(
                    i, stop, listed=bool(surname_at(text, i)), role=True
                ):
                    self.add(i, stop, "listed")

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
            # An ordinary word (高速, 周围, 银行卡): only a strong cue and punctuation
            # after it make it a name (当事人：高速，男; not 被告人文化程度).
            return (
                strong
                and _STRONG_CUE.search(text[max(0, start - 12) : start]) is not None
                and _HARD_END.match(text, end) is not None
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

    # --- names read from their context, whatever the surname --------------------------
    def _run_end(self, i: int, *, longest: int, strict: bool = False) -> int | None:
        """Return where a name starting at *i* ends before a name-ending context.

        The longest reading that ends on a jieba word boundary wins (被告人秦永和以...:
        秦永和, not 秦永); a reading of 4 characters or more needs punctuation or 与/和
        after it.
        """
        text = self.text
        best = bounded = None
        for end in range(i + 2, min(len(text), i + longest) + 1):
            ch = text[end - 1]
            if not _is_cjk(ch) or ch in _HARD_STOP or ch in MASKS:
                break
            if _SUFFIX.match(text, end) and _NAME_END.match(text, end + 1):
                best = bounded = end  # 周明A, 贾国栋乙: the suffix is added below
            if end - i >= 4 and not (
                _HARD_END.match(text, end) or text[end : end + 1] in ("与", "和", "及")
            ):
                continue
            if _NAME_END.match(text, end):
                best = end
                if not self.tokens or end in self.bounds:
                    bounded = end
        if strict and self.tokens and not bounded and best is not None:
            # 给陈博后: jieba reads 陈博后 as a name; trust it, or punctuation after.
            nr_start = any(
                t[0] == i and t[1] - t[0] >= 2 and t[3].startswith("nr")
                for t in self.tokens
            )
            if not (nr_start or _HARD_END.match(text, best)):
                best = None
        end = bounded or best
        if end is not None and _SUFFIX.match(text, end):
            end += 1
        return end

    def _context_name_ok(
        self,
        start: int,
        end: int,
        *,
        listed: bool,
        role: bool = False,
        person_cue: bool = False,
    ) -> bool:
        """Whether text[start:end], read after a cue, can be a natural person's name.

        An ordinary dictionary word (高速, 上线) is a name only right after a role
        (当事人：高速，男) and before punctuation. A word jieba knows as a small place
        (唐洋, 徐海) is a name after a role or a verb whose object is a person
        (被告人唐洋在, 卖给许国后): no place stands there.
        """
        text = self.text
        word = text[start:end].rstrip("ABCDEF甲乙丙丁")
        if word in _not_names() or _is_term(text, start, end):
            return False
        if word[-1] in _PLACE_END or _PLACE_AFTER.match(text, end):
            return False
        if _DOC_NUMBER_AFTER.match(text, end):
            return False
        org = _ORG_SUFFIX.match(text, end)
        if org and not self._org_break(end) and len(org.group()) <= 7:
            return False  # 张三食品厂; not 丁梅|驾车逃离现场
        hard_end = bool(_HARD_END.match(text, end))
        tag = _dict_tag(word)
        place_as_name = (
            tag == "ns"
            and (role or person_cue)
            and listed
            and len(word) <= 3
            and _NAME_END.match(text, end) is not None
        )
        if (
            tag is not None
            and not tag.startswith("nr")
            and not (role and hard_end)
            and not place_as_name
        ):
            return False  # 被告人文化程度, 被告人上衣口袋
        if not role:
            head = _dict_tag(text[start : start + 2])
            if end - start > 2 and head is not None and not head.startswith("nr"):
                return False  # 通知书, 金箔纸
        if listed:
            given = word[surname_at(word, 0) :]
            given_tag = _dict_tag(given) if len(given) == 2 else None
            # 张如实供述, 王当场抓获: a grammatical word, not a given name; after a
            # verb whose object is a person a verb or a time word is one (卖给杜超生时).
            return (
                given_tag is None
                or given_tag.startswith("n")
                or hard_end
                or (person_cue and given_tag in ("v", "t"))
            )
        # Without a listed surname: 海庆, 亢文丹 are names; 多次, 明知, 当场 are not.
        if text[start] in _NOT_FIRST:
            return False
        for n in (2, 3):
            tag = _dict_tag(text[start : start + n])
            if tag is not None and not tag.startswith("nr"):
                return False
        return True

    def role_names(self) -> None:
        """被告人海庆，吸毒人员阿拜都文: a name right after a role, any surname."""
        text = self.text
        for m in _ROLE_AT.finditer(text):
            i = m.end()
            if i >= len(text) or not _is_cjk(text[i]) or text[i] in _HARD_STOP:
                continue
            end = self._dotted_end(i)
            if end is not None:
                self.add(i, end, "role")
                continue
            s = surname_at(text, i)
            if not s and not _CORE_ROLE.search(m.group()):
                continue
            longest = 4 if s == 2 or not s else 3
            end = self._four_end(i) if s == 1 else None
            end = end or self._run_end(i, longest=longest, strict=True)
            if end is None:
                continue
            if self._context_name_ok(i, end, listed=bool(s), role=True):
                self.add(i, end, "role")

    def _four_end(self, i: int) -> int | None:
        """被告人吉地康雨，: a four-character name after a role, before punctuation.

        Only when the last two characters are no verb or adverb (被告人张三供述， is
        张三) and jieba does not cut the four characters across their end.
        """
        text = self.text
        word = text[i : i + 4]
        if len(word) < 4 or not all(_is_given_char(c) for c in word):
            return None
        if any(c in _HARD_STOP or c in MASKS for c in word):
            return None
        end = i + 4
        if not (_HARD_END.match(text, end) or text[end : end + 1] in ("与", "和")):
            return None
        if self.tokens and end not in self.bounds:
            return None
        for part in (word[2:], word[1:3], word[1:]):
            tag = _dict_tag(part)
            if tag is not None and not tag.startswith("n"):
                return None  # 张三供述, 李四同志: a word after a name
        tail = _dict_tag(word[2:])
        if tail is not None and not tail.startswith("nr"):
            return None
        return end

    def object_names(self) -> None:
        """向董子购买, 容留任凯吸食: a listed surname after a verb whose object is a person."""
        text = self.text
        for i in range(1, len(text)):
            s = surname_at(text, i)
            if not s or not _OBJECT_CUE.search(text[max(0, i - 5) : i]):
                continue
            end = self._run_end(i, longest=4 if s == 2 else 3, strict=True)
            if end is None or end - i <= s:
                continue
            cue = _OBJECT_CUE.search(text[max(0, i - 5) : i])
            if self.tokens and i not in self.bounds and len(cue.group()) == 1:
                continue  # 向来, 和平: the cue and the surname are one word
            if text[i] in _PREP_SURNAMES and text[i - 1] not in "、，":
                continue  # 联系后乘车: 后 is "after" here
            person = bool(_PERSON_OBJECT.search(text[max(0, i - 5) : i]))
            if self._context_name_ok(i, end, listed=True, person_cue=person):
                self.add(i, end, "object")

    def unlisted_objects(self) -> None:
        """容留仁永超，, 卖给但亮康时: a name whose surname is not listed, after a verb
        whose object can only be a person, read up to punctuation."""
        text = self.text
        for m in _PERSON_OBJECT_AT.finditer(text):
            i = m.end()
            if i >= len(text) or surname_at(text, i) or not _is_given_char(text[i]):
                continue  # 给其验货: a pronoun, not a name
            if self.tokens and i not in self.bounds:
                continue  # 给予, 交给了: the cue runs on into the next word
            end = self._run_end(i, longest=3, strict=True)
            if end is None or not (
                _HARD_END.match(text, end) or text[end : end + 1] == "时"
            ):
                continue
            if self._context_name_ok(i, end, listed=False):
                self.add(i, end, "object")

    def _dotted_end(self, i: int) -> int | None:
        """Return the end of a dotted name starting at *i* (阿不都·热合曼与...), or None."""
        text = self.text
        m = _DOTTED_NAME.match(text, i)
        if not m or not any(c in m.group() for c in _DOT_CHARS):
            return None
        last_dot = max(m.group().rfind(c) for c in _DOT_CHARS) + i
        for end in range(m.end(), last_dot + 1, -1):
            if _NAME_END.match(text, end) and not _STOP_CHARS & set(
                text[last_dot + 1 : end]
            ):
                return end
        return None

    def dotted(self) -> None:
        """吐尔洪·吐尔逊: parts joined by a middle dot, after a person cue."""
        text = self.text
        for m in re.finditer(rf"(?<=[{CJK}])[·•・](?=[{CJK}])", text):
            dot = m.start()
            for start in range(dot - 2, max(0, dot - 6) - 1, -1):
                before = text[max(0, start - 12) : start]
                if not (
                    _OBJECT_CUE.search(before[-5:]) or _STRONG_CUE.search(before)
                ) or any(not _is_cjk(c) or c in _HARD_STOP for c in text[start:dot]):
                    continue
                end = self._dotted_end(start)
                if end is not None:
                    self.add(start, end, "dotted")
                break

    def nicknames(self) -> None:
        """绰号“黑仔”, 向“阿强”购买, 阿锋（另案处理）: nicknames of persons."""
        text = self.text
        for m in _QUOTED.finditer(text):
            word = m.group(1)
            (qs, qe), (s, e) = m.span(), m.span(1)
            if word in _not_names() or _is_term(text, s, e):
                continue
            before = text[max(0, qs - 8) : qs]
            if _QUOTED_THING_BEFORE.search(before) or _QUOTED_THING_AFTER.match(
                text, qe
            ):
                continue
            score = 0
            if _NICK_CUE.search(before):
                score += 2
            elif _NICK_NEAR_BEFORE.search(before):
                score += 1
            if _NICK_AFTER_STRONG.match(text, qe):
                score += 2
            elif _NICK_AFTER_WEAK.match(text, qe):
                score += 1
            if _NICK_SHAPE.match(word):
                score += 1
            if score >= 2:
                self.add(s, e, "nickname")
        for m in _NICK_AFTER_CUE.finditer(text):
            s, e = m.span(1)
            if not _is_term(text, s, e) and m.group(1) not in _not_names():
                self.add(s, e, "nickname")
        for m in _PERSON_NOTE.finditer(text):
            self._before_note(m.start())

    def _before_note(self, pos: int) -> None:
        """杨才建（另案处理）, 阿锋（在逃）: the word before a person's note."""
        text = self.text
        b = pos
        while (
            b > 0 and pos - b < 8 and _is_cjk(text[b - 1]) and text[b - 1] not in "、"
        ):
            b -= 1
        if pos - b < 2:
            return
        options = []
        for start in range(max(b, pos - 4), pos - 1):
            word = text[start:pos]
            s = surname_at(text, start)
            shaped = bool(_NICK_SHAPE.match(word))
            cued = start > b and _OBJECT_CUE.search(text[max(b, start - 5) : start])
            if start == b or cued or (s and len(word) in (2, 3)):
                options.append((start, s, shaped))
        for start, s, shaped in options:
            word = text[start:pos]
            if len(word) > 4 or (len(word) == 4 and s != 2 and start != b):
                continue
            clean_start = (
                start == 0
                or text[start - 1] in '、，。；：（(“”"'
                or (_OBJECT_CUE.search(text[max(0, start - 5) : start]))
            )
            if not (s or shaped or clean_start):
                continue
            if any(c in _HARD_STOP for c in word):
                continue
            if self._context_name_ok(start, pos, listed=bool(s) and not shaped):
                self.add(start, pos, "noted")
                return

    def suffixed(self) -> None:
        """吴a, 李b: a surname and a letter, how some courts hide a name."""
        text = self.text
        for m in re.finditer(r"(?<![A-Za-z0-9])[a-z](?![A-Za-z0-9@._])", text):
            i = m.start()
            if (
                i >= 1
                and surname_at(text, i - 1)
                and (
                    _OBJECT_CUE.search(text[max(0, i - 6) : i - 1])
                    or _STRONG_CUE.search(text[max(0, i - 13) : i - 1])
                    or text[i - 2 : i - 1] in ("、", "，")
                )
            ):
                self.add(i - 1, i + 1, "masked")

    def surname_only(self) -> None:
        """该吴称, 被告人梁，: a surname alone standing for a person."""
        text = self.text
        known = {
            text[s : s + surname_at(text, s)]
            for (s, e) in self.found
            if surname_at(text, s) and e - s > surname_at(text, s)
        }
        for i, ch in enumerate(text):
            if surname_at(text, i) != 1:
                continue
            if self.tokens and not (i in self.bounds and i + 1 in self.bounds):
                continue
            role = bool(
                re.search(rf"(?:{_ROLE_WORDS})[：:]?$", text[max(0, i - 6) : i])
            )
            if ch in _PREP_SURNAMES or ch == "时":
                continue
            if (role and _HARD_END.match(text, i + 1)) or (
                ch in known
                and (role or _SURNAME_ALONE_BEFORE.search(text[max(0, i - 2) : i]))
                and _SURNAME_ALONE_AFTER.match(text, i + 1)
            ):
                self.add(i, i + 1, "surname")

    def propagate(self, extra: tuple[str, ...]) -> None:
        """Every occurrence of a full name found once (or given by the caller)."""
        text = self.text
        names = {text[s:e] for (s, e) in self.found}
        names = {
            n
            for n in names
            if len(n) >= 2 and not any(c in MASKS for c in n) and n not in _not_names()
        }
        known = {n for n in extra if n}
        for name in sorted(names | known, key=len, reverse=True):
            for m in re.finditer(re.escape(name), text):
                end = m.end()
                if name not in known and (
                    _PLACE_AFTER.match(text, end)
                    or (_ORG_SUFFIX.match(text, end) and not self._org_break(end))
                ):
                    continue  # 张家 in 张家港, a name inside a place or a company
                self.add(m.start(), end, "propagated")

    def resolve(self) -> list[tuple[int, int]]:
        """Return non-overlapping spans: longest first at each position, left to right.

        A span starting with a preposition that is also a surname (从, 向, 于) gives way
        to one starting a character later: 从翁凯坤身上 is 从 + 翁凯坤, not 从翁凯.
        """
        found = set(self.found)
        starts: dict[int, int] = {}
        for s, e in found:
            starts[s] = max(starts.get(s, s), e)
        _, _, common = _surnames()
        text = self.text
        found = {
            (s, e)
            for s, e in found
            if not (
                text[s] in _PREP_SURNAMES
                and text[s + 1 : s + 2] in common
                and starts.get(s + 1, 0) >= e
                and not _OBJECT_CUE.search(text[max(0, s - 5) : s])
                and not _STRONG_CUE.search(text[max(0, s - 12) : s])
            )
        }
        spans = sorted(found, key=lambda se: (se[0], -(se[1] - se[0])))
        out: list[tuple[int, int]] = []
        last_end = -1
        for start, end in spans:
            if start >= last_end:
                out.append((start, end))
                last_end = end
        return out


def find_names(
    text: str, *, known_names: tuple[str, ...] | list[str] = ()
) -> list[tuple[int, int]]:
    """Return non-overlapping (start, end) spans of natural persons' names in *text*."""
    finder = _Finder(text)
    finder.masked()
    finder.suffixed()
    finder.cued()
    finder.role_names()
    finder.object_names()
    finder.unlisted_objects()
    finder.dotted()
    finder.nicknames()
    finder.tagged()
    finder.enumerations()
    finder.list_members()
    finder.propagate(tuple(known_names))
    finder.surname_only()
    return finder.resolve()
