"""A check of the rendered book's German: where values are inserted into sentences, the text must still read right.

The chapters compose sentences from data. With other data (another seed, a small sample, a real file)
those sentences can break: a range whose ends are equal, a list that lost its "und", a bracket left
open, "1 Netzwerke", an English word from a code path, a number in another style. Each rule below looks
for one such break in the text a reader sees: prose, headings, captions, tables and cell outputs, but not
code. :func:`check_html` applies them to one page, :func:`check_book` to every page of a built book.

Every rule is a function ``text -> list of (start, end)`` spans; the tests give each a good and a bad
sentence. Exceptions (a page that explains interval notation, say) are listed with a reason in an
allow-list, not built into the rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .formatting import NOUNS

__all__ = ["RULES", "Finding", "check_text", "check_html", "check_book", "blocks", "ENGLISH_WORDS"]

#: English function words that have no German homograph in lower case (a page with one is not German).
ENGLISH_WORDS = (
    "the", "of", "and", "with", "which", "are", "is", "this", "these", "those", "from", "for", "not", "by",
    "or", "were", "has", "have", "been", "between", "than", "their", "agree", "agrees", "published", "numbers",
    "number", "share", "lower", "upper", "mean", "count", "std", "coef", "True", "False", "NaN", "None", "nan",
)

_NUM = r"\d+(?:\.\d{3})*(?:,\d+)?"
#: Nouns of the list that are units of a measurement, not things counted: "11,0 Prozentpunkte" is fine.
_UNITS = {"Prozentpunkt", "Prozent", "Jahr"}
_PLURAL_OF = {s: p for s, p in NOUNS.items() if s != p}
_SINGULAR_OF = {p: s for s, p in _PLURAL_OF.items()}

Span = tuple[int, int]


def _spans(pattern: str, flags: int = 0) -> Callable[[str], list[Span]]:
    compiled = re.compile(pattern, flags)
    return lambda text: [m.span() for m in compiled.finditer(text)]


def doubled_range(text: str) -> list[Span]:
    """A range whose two ends are the same value: "zwischen 148 und 148", "47 bis 47 %"."""
    pattern = re.compile(rf"(?:zwischen\s+({_NUM})\s*(%?)\s+und\s+\1(?![\d,])\s*\2)"
                         rf"|(?:(?<![\d,.])({_NUM})\s*(%?)\s+bis\s+\3(?![\d,]))")
    return [m.span() for m in pattern.finditer(text)]


def english_word(text: str) -> list[Span]:
    """An English function word (case-sensitive; German words that look alike are not in the list)."""
    words = "|".join(sorted(ENGLISH_WORDS, key=len, reverse=True))
    # a word inside a dotted or underscored name (an assumption row such as share.grown_5y) is a name, not English
    return [m.span() for m in re.finditer(rf"(?<![\w./-])(?:{words})(?![\w/-]|\.\w)", text)]


def dangling_punctuation(text: str) -> list[Span]:
    """Empty or lopsided brackets, commas and stops around an inserted value: "(, ", ", )", ",,", " .", "()"."""
    found = _spans(r"\(\s*[,;.]|[,;]\s*\)|\(\s*\)|\[\s*\]|,\s*[,.;:]|(?<=\w) [,.;:]|,\s*\(\s*" + _NUM)(text)
    return found + unbalanced_brackets(text)


def unbalanced_brackets(text: str) -> list[Span]:
    """A bracket that opens and never closes in the same block (or closes without opening)."""
    found, stack = [], []
    pairs = {")": "(", "]": "["}
    for i, ch in enumerate(text):
        if ch in "([":
            stack.append((ch, i))
        elif ch in ")]":
            if stack and stack[-1][0] == pairs[ch]:
                stack.pop()
            elif not (ch == ")" and re.match(r"\d+\)|[a-z]\)", text[max(0, i - 3): i + 1][-3:])):
                found.append((i, i + 1))  # "1)" or "a)" numbering is fine
    return found + [(i, i + 1) for _, i in stack]


def plural_mismatch(text: str) -> list[Span]:
    """A count next to a noun in the wrong number: "1 Netzwerke", "28 Netzwerk"."""
    found = []
    for m in re.finditer(rf"(?<![\d,.])({_NUM})\s+([A-ZÄÖÜ][a-zäöüß]+)\b", text):
        number, noun = m.group(1), m.group(2)
        if number == "1" and noun in _SINGULAR_OF:
            found.append(m.span())
        elif number != "1" and noun in _PLURAL_OF:
            found.append(m.span())
    for m in re.finditer(r"\b(?:ein|eine|einer|einem|einen|eines)\s+(\w+)", text):
        if m.group(1) in _SINGULAR_OF:
            found.append(m.span())
    return found


def percent_style(text: str) -> list[Span]:
    """A percent sign without the no-break space ("96%", "96 %") or a "95 %-" compound ("95-%-" is right)."""
    return _spans(r"\d%|\d[ \t]%|\d\s?%-(?=[A-Za-zÄÖÜäöü])")(text)


def minus_style(text: str) -> list[Span]:
    """A negative number written with the hyphen-minus ("-1,7") instead of the minus sign ("−1,7")."""
    return _spans(r"(?:(?<=^)|(?<=[\s(\[;:=/]))-\d")(text)


def decimal_point(text: str) -> list[Span]:
    """A decimal point in a number ("3.45", "0.5", "148.0"); German uses the comma and a dot only between thousands.

    Numbers with several dots (a version "0.1.0", "1.234.567") are left alone.
    """
    found = []
    for m in re.finditer(r"(?<![\d.,])(\d+)\.(\d+)(?![\d]|\.\d)", text):
        whole, fraction = m.groups()
        if len(fraction) != 3 or whole == "0" or len(whole) > 3:
            found.append(m.span())
    return found


def count_decimals(text: str) -> list[Span]:
    """A count shown with decimals: "31,0 Partner", "471,0 Netzwerke" (units such as Prozentpunkte may have them)."""
    countable = {s: p for s, p in NOUNS.items() if s not in _UNITS}
    nouns = "|".join(sorted(set(countable) | set(countable.values()), key=len, reverse=True))
    return _spans(rf"\d,0+\s+(?:{nouns})\b")(text)


def interval_notation(text: str) -> list[Span]:
    """Mathematical interval notation "[42,2; 58,5]" or half-open "[85,0; 95,0)" outside pages on methods."""
    return _spans(rf"[\[(]\s*[−-]?{_NUM}\s*;\s*[−-]?{_NUM}\s*[\])]")(text)


#: The rules, by name: (what it finds, the function).
RULES: dict[str, Callable[[str], list[Span]]] = {
    "doppelter Bereich": doubled_range,
    "englisches Wort": english_word,
    "Satzzeichen um einen Wert": dangling_punctuation,
    "Einzahl/Mehrzahl": plural_mismatch,
    "Prozentzeichen": percent_style,
    "Minuszeichen": minus_style,
    "Dezimalpunkt": decimal_point,
    "Nachkommastellen bei Anzahl": count_decimals,
    "Intervallschreibweise": interval_notation,
}


@dataclass(frozen=True)
class Finding:
    page: str
    rule: str
    excerpt: str

    def __str__(self) -> str:
        return f"{self.page}: {self.rule}: …{self.excerpt}…"


def check_text(text: str, rules: Iterable[str] | None = None) -> list[tuple[str, str]]:
    """Apply the rules to one block of text; return (rule, excerpt) pairs."""
    found = []
    for name in rules or RULES:
        for start, end in RULES[name](text):
            found.append((name, text[max(0, start - 30): end + 30]))
    return found


#: What the reader does not read as the book's text: code, math, the hidden parts of marks.
_SKIP = ["div.cell_input", "span.math", "div.math", "script", "style", "nav",
         "span.kmunetz-sr", "sup.kmunetz-mark", "div.citation-list", "div.highlight", "select", "mjx-container"]
_BLOCKS = ["p", "li", "td", "th", "figcaption", "caption", "h1", "h2", "h3", "h4", "dt", "dd", "span.kmunetz-tip"]


def _squeeze(text: str) -> str:
    """Collapse runs of ordinary white space; keep no-break spaces, they are part of the number style."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def _soup(html):
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "html.parser")


def blocks(html) -> list[str]:
    """The blocks of text a reader reads on a page: paragraphs, list items, table cells, captions, cell outputs.

    ``html`` is the page's text or its parsed tree (which is consumed: the read parts are removed).
    """
    soup = _soup(html) if isinstance(html, str) else html
    article = soup.select_one("article.bd-article") or soup
    texts = []
    for pre in article.select("div.cell_output pre"):  # printed output of a cell (a Series, a number)
        texts.append(_squeeze(pre.get_text("\n")))
        pre.decompose()
    for code in article.select("code"):  # a name in code (a file, a parameter) reads as one word of the sentence
        code.replace_with("Code")
    for selector in _SKIP:
        for el in article.select(selector):
            el.decompose()
    for tip in article.select("span.kmunetz-tip"):  # the tooltip of a mark is read on its own
        lines = tip.find_all("span") or [tip]  # each line of a tooltip is a block of its own
        texts += [_squeeze(line.get_text("")) for line in lines]
        tip.decompose()
    for el in article.select(", ".join(_BLOCKS)):
        if el.find(["p", "li", "table"]):
            continue  # the inner blocks are read on their own
        text = _squeeze(el.get_text(""))  # inline tags add no spaces: the text is what the reader sees
        if text:
            texts.append(text)
    return texts


def check_html(html: str, page: str, allowed: Iterable[tuple[str, str, re.Pattern]] = ()) -> list[Finding]:
    """Check one rendered page; ``allowed`` holds (page or "*", rule or "*", pattern) exceptions."""
    allowed = [(p, r, pat) for p, r, pat in allowed if p in ("*", page)]
    soup = _soup(html)  # parsed once: the empty marks are counted before the blocks consume the tree
    findings = [Finding(page, "leerer Wert", f"Markierung ohne Wert ({n}×)") for n in [_empty_values(soup)] if n]
    for text in blocks(soup):
        for rule, excerpt in check_text(text):
            if any(r in ("*", rule) and pat.search(excerpt) for _, r, pat in allowed):
                continue
            findings.append(Finding(page, rule, excerpt))
    return list(dict.fromkeys(findings))


def _empty_values(soup) -> int:
    """Marked values with no text: a glued sentence left empty still shows its letter mark (the tree is not changed)."""
    parts = "sup.kmunetz-mark, span.kmunetz-sr, span.kmunetz-tip"
    empty = 0
    for value in soup.select("span.kmunetz-value"):
        furniture = {id(s) for part in value.select(parts) for s in part.find_all(string=True)}
        empty += not "".join(s for s in value.find_all(string=True) if id(s) not in furniture).strip()
    return empty


def check_book(html_root: Path, pages: Iterable[str], allowed=()) -> list[Finding]:
    """Check the given pages (paths relative to the HTML root) of a built book."""
    findings = []
    for page in pages:
        findings += check_html((Path(html_root) / page).read_text(encoding="utf-8"), str(page), allowed)
    return findings
