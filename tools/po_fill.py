"""Fill empty msgstr entries of the main django.po from the part files under locale/parts/.

Used by `make messages` after `makemessages`: teammates working in parallel each keep their
translations in a part file, and this merges them without hand-editing one shared file.
Prints the msgids still without a translation and exits 1 if there are any.
"""

import re
import sys
from pathlib import Path

LOCALE = Path(__file__).resolve().parent.parent / "src" / "fazhi" / "locale"
MAIN = LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po"
ENTRY = re.compile(
    r'((?:#.*\n)*)msgid ((?:".*"\n)+)(msgid_plural ((?:".*"\n)+))?((?:msgstr(?:\[\d\])? (?:".*"\n)+)+)'
)


def unquote(block: str) -> str:
    parts = re.findall(r'"((?:[^"\\]|\\.)*)"', block)
    return "".join(parts)


def translations(text: str) -> dict[str, list[str]]:
    out = {}
    for m in ENTRY.finditer(text):
        msgid = unquote(m.group(2))
        strs = [
            unquote(s)
            for s in re.findall(r"msgstr(?:\[\d\])? ((?:\".*\"\n)+)", m.group(5))
        ]
        if msgid and any(strs):
            out[msgid] = strs
    return out


def main() -> int:
    known: dict[str, list[str]] = {}
    for part in sorted((LOCALE / "parts").glob("*.po")):
        known.update(translations(part.read_text(encoding="utf-8")))
    text = MAIN.read_text(encoding="utf-8")
    missing = []

    def fill(m: re.Match) -> str:
        msgid = unquote(m.group(2))
        strs = [
            unquote(s)
            for s in re.findall(r"msgstr(?:\[\d\])? ((?:\".*\"\n)+)", m.group(5))
        ]
        fuzzy = "fuzzy" in m.group(1)
        if not msgid or (any(strs) and not fuzzy):
            return m.group(0)
        if msgid not in known:
            missing.append(msgid)
            return m.group(0)
        new = known[msgid]
        comments = re.sub(r"#\| .*\n", "", m.group(1).replace("#, fuzzy\n", ""))
        comments = comments.replace(", fuzzy", "")
        head = f"{comments}msgid {m.group(2)}"
        if m.group(3):
            head += m.group(3)
            return head + "".join(f'msgstr[{i}] "{s}"\n' for i, s in enumerate(new))
        return head + f'msgstr "{new[0]}"\n'

    text = ENTRY.sub(fill, text)
    MAIN.write_text(text, encoding="utf-8")
    for msgid in missing:
        print(f"untranslated: {msgid}")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
