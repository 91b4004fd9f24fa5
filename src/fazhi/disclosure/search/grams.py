"""Positional character bigrams: the one tokenizer behind every search backend.

Chinese has no spaces, and a dictionary segmenter (jieba) splits 行政复议 differently in
different sentences, so a query that crosses its word boundaries misses. Bigrams have no
dictionary: a run of Han characters becomes its overlapping pairs, in order, so every
substring of two or more characters is a *phrase* of consecutive bigram tokens.

    >>> tokens("行政复议法第30条")
    ['行政', '政复', '复议', '议法', '法第', '30', '条']

A Han run of one character is kept as a unigram, Latin letters and digits as whole
lower-cased words; punctuation and spaces only separate runs and use no position.
Text and queries go through the same function, so they always agree.
"""

import re
import unicodedata

# Han ideographs (URO, extension A, compatibility) and the numeral 〇.
_RUN = re.compile(r"([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3007]+)|([0-9a-z]+)")
_QUOTED = re.compile(r'"([^"]*)"|(\S+)')
MAX_WORD = 40


def normalize(text: str) -> str:
    """Fold full-width letters and digits to ASCII and lower-case them."""
    return unicodedata.normalize("NFKC", text).lower()


def tokens(text: str) -> list[str]:
    """Return the bigram tokens of *text*, in order (see the module docstring)."""
    out: list[str] = []
    for han, word in _RUN.findall(normalize(text)):
        if han:
            if len(han) == 1:
                out.append(han)
            else:
                out.extend(han[i : i + 2] for i in range(len(han) - 1))
        else:
            out.append(word[:MAX_WORD])
    return out


def bigram_text(text: str) -> str:
    """Return the tokens of *text* joined by spaces, as FTS5's unicode61 will read them."""
    return " ".join(tokens(text))


def parse_query(query: str) -> list[list[str]]:
    """Split a query into terms (all must match), each a phrase of tokens.

    Whitespace separates terms; double quotes keep a phrase with spaces together.

    >>> parse_query('行政复议 受理 "复议 机关"')
    [['行政', '政复', '复议'], ['受理'], ['复议', '机关']]
    """
    terms = []
    for quoted, bare in _QUOTED.findall(query):
        toks = tokens(quoted if quoted else bare)
        if toks:
            terms.append(toks)
    return terms


def is_prefix_term(term: list[str]) -> bool:
    """A lone Han character: match it as the first character of a bigram (复 -> 复*)."""
    return len(term) == 1 and len(term[0]) == 1 and not term[0].isascii()


def highlight_terms(query: str) -> list[str]:
    """Return the literal strings to mark in a snippet, longest first."""
    words: list[str] = []
    for quoted, bare in _QUOTED.findall(normalize(query)):
        for han, word in _RUN.findall(quoted or bare):
            words.append(han or word)
    return sorted(set(words), key=len, reverse=True)
