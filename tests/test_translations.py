"""Every interface string has its Chinese translation, and the compiled catalogue is current."""

import gettext
import re
from pathlib import Path

import fazhi

LC = Path(fazhi.__file__).parent / "locale" / "zh_Hans" / "LC_MESSAGES"
ENTRY = re.compile(
    r'((?:#.*\n)*)msgid ((?:".*"\n)+)(?:msgid_plural (?:".*"\n)+)?((?:msgstr(?:\[\d\])? (?:".*"\n)+)+)'
)


def _unquote(block: str) -> str:
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', block))


def _entries():
    text = (LC / "django.po").read_text(encoding="utf-8")
    for m in ENTRY.finditer(text):
        msgid = _unquote(m.group(2))
        if msgid:
            strs = [
                _unquote(s)
                for s in re.findall(r'msgstr(?:\[\d\])? ((?:".*"\n)+)', m.group(3))
            ]
            yield msgid, strs, "fuzzy" in m.group(1)


def test_every_msgid_has_a_chinese_translation():
    missing = [msgid for msgid, strs, fuzzy in _entries() if fuzzy or not all(strs)]
    assert missing == [], (
        f"{len(missing)} untranslated (run `make messages`): {missing[:10]}"
    )


def test_compiled_catalogue_contains_every_translation():
    with (LC / "django.mo").open("rb") as f:
        catalogue = gettext.GNUTranslations(f)
    stale = [
        msgid
        for msgid, strs, _fuzzy in _entries()
        if "\\" not in msgid and catalogue.gettext(msgid) == msgid and strs[0] != msgid
    ]
    assert stale == [], (
        f"django.mo is older than django.po (run `make messages`): {stale[:10]}"
    )
