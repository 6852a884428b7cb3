"""Sphinx extension: German bibliography and citation styles.

The book is German; pybtex's ``unsrt`` style and sphinxcontrib-bibtex's ``author_year`` citations are
English. This extension registers two plugins:

``de`` (pybtex formatting style, ``bibtex_default_style``)
    ``unsrt`` with German conventions: "und" between the last two names ("A und B", "A, B und C"),
    titles kept as written (German nouns are capitalised), German words ("Nr.", "S.", "Hrsg.",
    "abgerufen am"), the date left out when a field printed before it already states the year (a talk's
    ``howpublished`` with its day, an issue "3/2004"), German quotation marks „…“ (and ‚…‘ inside)
    wherever an entry quotes, and entries sorted by author without letting braces or LaTeX accents
    decide the order.

``author_year_de`` (sphinxcontrib-bibtex referencing style, ``bibtex_reference_style``)
    Author-year citations with "und", "et al." for three or more authors (as the study writes it),
    round brackets and "; " between several references: "Duschek und Rometsch (2004)",
    "(Koch et al., 2017)".

It also writes the bibliography's HTML as a list whose entries are list items: docutils gives each
entry the ARIA role ``doc-biblioentry``, which DPUB-ARIA 1.1 deprecates, inside a ``role="list"``
that then has no list items (two accessibility errors on the Literatur page).
"""

import unicodedata
from dataclasses import dataclass
from dataclasses import field as dataclass_field

from pybtex.plugin import register_plugin
from pybtex.richtext import BaseMultipartText, String, Symbol, Text
from pybtex.style import FormattedEntry
from pybtex.style.formatting import toplevel
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.formatting.unsrt import pages
from pybtex.style.sorting.author_year_title import SortingStyle as AuthorYearTitleSorting
from pybtex.style.template import (
    field,
    first_of,
    href,
    join,
    names,
    optional,
    optional_field,
    sentence,
    tag,
    words,
)

__all__ = ["GermanStyle", "GermanSorting", "german_quotes", "visit_citation", "depart_citation", "setup"]

#: Fields that are printed before the date and may already state the year (then the date is left out).
YEAR_STATING_FIELDS = ("howpublished", "note", "volume", "number")

_nbsp = join(sep=Symbol("nbsp"))

# German quotation marks: „double“ and ‚single‘.
_DE_OPEN, _DE_CLOSE = "\u201e", "\u201c"
_DE_OPEN1, _DE_CLOSE1 = "\u201a", "\u2018"
_EN_OPEN, _EN_CLOSE = "\u201c", "\u201d"
_EN_OPEN1, _EN_CLOSE1 = "\u2018", "\u2019"


class _QuoteState:
    """Turns English (and straight) quotation marks into German ones across the parts of one entry.

    "“" is ambiguous: it opens an English quotation but closes a German one, so the open quotations
    are tracked on a stack. "’" outside an English single quotation is an apostrophe and stays.
    """

    def __init__(self):
        self.stack = []

    def convert(self, text):
        out = []
        for ch in text:
            top = self.stack[-1] if self.stack else None
            if ch == _DE_OPEN:
                self.stack.append("de")
            elif ch == _EN_OPEN:  # also the German closing mark
                if top == "de":
                    self.stack.pop()
                else:
                    self.stack.append("en")
                    ch = _DE_OPEN
            elif ch == _EN_CLOSE:
                if top == "en":
                    self.stack.pop()
                ch = _DE_CLOSE
            elif ch == '"':
                if top == "straight":
                    self.stack.pop()
                    ch = _DE_CLOSE
                else:
                    self.stack.append("straight")
                    ch = _DE_OPEN
            elif ch == _DE_OPEN1:
                self.stack.append("de1")
            elif ch == _EN_OPEN1:  # also the German closing single mark
                if top == "de1":
                    self.stack.pop()
                else:
                    self.stack.append("en1")
                    ch = _DE_OPEN1
            elif ch == _EN_CLOSE1 and top == "en1":
                self.stack.pop()
                ch = _DE_CLOSE1
            out.append(ch)
        return "".join(out)

    def walk(self, text):
        if isinstance(text, String):
            return String(self.convert(text.value))
        if isinstance(text, BaseMultipartText):
            return text._create_similar([self.walk(part) for part in text.parts])
        return text  # symbols (dashes, no-break spaces)


def german_quotes(text):
    """Return a copy of a pybtex rich text with German quotation marks.

    >>> str(german_quotes(Text("Vortrag \u201cKleine Betriebe\u201d, Berlin")))
    'Vortrag „Kleine Betriebe“, Berlin'
    >>> str(german_quotes(Text("schon \u201edeutsch\u201c")))
    'schon „deutsch“'
    """
    return _QuoteState().walk(text)


def _sort_text(latex):
    """A sort key for a BibTeX string: LaTeX decoded, braces dropped, umlauts as their base letter (DIN 5007-1)."""
    plain = str(Text.from_latex(latex)).replace("{", "").replace("}", "").replace("ß", "ss")
    decomposed = unicodedata.normalize("NFKD", plain)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


class GermanSorting(AuthorYearTitleSorting):
    """``author_year_title`` without braces and accents in the key: a corporate author ``{Bundesministerium …}``
    sorts under B, not after Z."""

    def sorting_key(self, entry):
        author, year, title = super().sorting_key(entry)
        return (_sort_text(author), year, _sort_text(title))


class GermanStyle(UnsrtStyle):
    """pybtex's ``unsrt`` in German (see the module docstring)."""

    default_sorting_style = "author_year_title"

    def __init__(self, label_style=None, name_style=None, sorting_style=None, abbreviate_names=False,
                 min_crossrefs=2, **kwargs):
        super().__init__(label_style=label_style, name_style=name_style, sorting_style=sorting_style,
                         abbreviate_names=abbreviate_names, min_crossrefs=min_crossrefs, **kwargs)
        if sorting_style is None:
            self.sorting_style = GermanSorting()
            self.sort = self.sorting_style.sort

    # -- the whole entry ------------------------------------------------------------------------------

    def format_entry(self, label, entry, bib_data=None):
        formatted = super().format_entry(label, entry, bib_data=bib_data)
        return FormattedEntry(formatted.key, german_quotes(formatted.text), formatted.label)

    # -- pieces ---------------------------------------------------------------------------------------

    def format_names(self, role, as_sentence=True):
        formatted = names(role, sep=", ", sep2=" und ", last_sep=" und ")
        return sentence[formatted] if as_sentence else formatted

    def format_title(self, e, which_field, as_sentence=True):
        # unsrt lower-cases all but the first letter, which is wrong for German nouns
        formatted = field(which_field)
        return sentence[formatted] if as_sentence else formatted

    def format_btitle(self, e, which_field, as_sentence=True):
        formatted = tag("em")[field(which_field)]
        return sentence[formatted] if as_sentence else formatted

    def format_date(self, e):
        """Month and year, or nothing when a field printed before the date already states the year."""
        year = e.fields.get("year", "")
        if year and any(year in e.fields.get(name, "") for name in YEAR_STATING_FIELDS):
            return Text()
        return words[optional_field("month"), field("year")]

    def format_editor(self, e, as_sentence=True):
        editors = self.format_names("editor", as_sentence=False)
        if "editor" not in e.persons:
            return editors  # raises FieldIsMissing when formatted, as in unsrt
        result = words[editors, "(Hrsg.)"]
        return sentence[result] if as_sentence else result

    def format_volume_and_series(self, e, as_sentence=True):
        volume_and_series = optional[
            words[_nbsp["Bd.", field("volume")], optional[words["von", field("series")]]]
        ]
        number_and_series = optional[
            words[_nbsp["Nr.", field("number")], optional[words["in", field("series")]]]
        ]
        result = first_of[volume_and_series, number_and_series, optional_field("series")]
        return sentence(capfirst=True)[result] if as_sentence else result

    def format_chapter_and_pages(self, e):
        return join(sep=", ")[
            optional[_nbsp["Kap.", field("chapter")]],
            optional[_nbsp["S.", pages]],
        ]

    def format_edition(self, e):
        return optional[words[field("edition"), "Aufl."]]

    def format_url(self, e):
        url = field("url", raw=True)
        return words["URL:", href(url)[url]]

    def format_web_refs(self, e):
        return sentence[
            optional[self.format_url(e), optional[" (abgerufen am ", field("urldate"), ")"]],
            optional[self.format_eprint(e)],
            optional[self.format_pubmed(e)],
            optional[self.format_doi(e)],
        ]

    # -- entry types ----------------------------------------------------------------------------------

    def get_article_template(self, e):
        # "Zeitschrift, Jg. 12, Nr. 3, 2004, S. 1–7."
        return toplevel[
            self.format_names("author"),
            self.format_title(e, "title"),
            sentence[
                tag("em")[field("journal")],
                optional[_nbsp["Jg.", field("volume")]],
                optional[_nbsp["Nr.", field("number")]],
                self.format_date(e),
                optional[_nbsp["S.", pages]],
            ],
            sentence[optional_field("note")],
            self.format_web_refs(e),
        ]

    def get_misc_template(self, e):
        return toplevel[
            optional[sentence[self.format_names("author")]],
            optional[self.format_title(e, "title")],
            sentence[optional[field("howpublished")], optional[self.format_date(e)]],
            sentence[optional_field("note")],
            self.format_web_refs(e),
        ]

    def get_techreport_template(self, e):
        # "Fokus Volkswirtschaft Nr. 119, KfW Research, Februar 2016."
        return toplevel[
            sentence[self.format_names("author")],
            self.format_title(e, "title"),
            sentence[
                words[first_of[optional_field("type"), "Bericht"], optional[_nbsp["Nr.", field("number")]]],
                field("institution"),
                optional_field("address"),
                self.format_date(e),
            ],
            sentence[optional_field("note")],
            self.format_web_refs(e),
        ]

    def get_unpublished_template(self, e):
        return toplevel[
            sentence[self.format_names("author")],
            self.format_title(e, "title"),
            sentence[field("note"), optional[self.format_date(e)]],
            self.format_web_refs(e),
        ]


def _reference_style():
    """The German author-year citation style (built lazily: sphinxcontrib-bibtex is only needed by Sphinx)."""
    from sphinxcontrib.bibtex.style.referencing import BracketStyle, PersonStyle
    from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle

    def brackets():
        return BracketStyle(left="(", right=")", sep="; ")

    def persons():
        return PersonStyle(sep=", ", sep2=" und ", last_sep=" und ")

    @dataclass
    class GermanAuthorYearReferenceStyle(AuthorYearReferenceStyle):
        """Author-year citations in German: "Duschek und Rometsch (2004)", "(Koch et al., 2017)"."""

        bracket_textual: BracketStyle = dataclass_field(default_factory=brackets)
        bracket_parenthetical: BracketStyle = dataclass_field(default_factory=brackets)
        bracket_author: BracketStyle = dataclass_field(default_factory=brackets)
        bracket_label: BracketStyle = dataclass_field(default_factory=brackets)
        bracket_year: BracketStyle = dataclass_field(default_factory=brackets)
        person: PersonStyle = dataclass_field(default_factory=persons)

    return GermanAuthorYearReferenceStyle


def register():
    """Register both plugins (``de`` for pybtex, ``author_year_de`` for sphinxcontrib-bibtex)."""
    register_plugin("pybtex.style.formatting", "de", GermanStyle, force=True)
    from sphinxcontrib.bibtex.plugin import register_plugin as register_bibtex_plugin

    register_bibtex_plugin("sphinxcontrib.bibtex.style.referencing", "author_year_de", _reference_style(),
                           force=True)


def visit_citation(self, node):
    """HTML of one bibliography entry: a list item, the first of a run opening the list around them."""
    if not isinstance(node.previous_sibling(), type(node)):
        self.body.append('<div role="list" class="citation-list">\n')
    self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))


def depart_citation(self, node):
    self.body.append("</div>\n")
    if not isinstance(node.next_node(descend=False, siblings=True), type(node)):
        self.body.append("</div>\n")


def setup(app):
    from docutils import nodes

    register()
    app.add_node(nodes.citation, override=True, html=(visit_citation, depart_citation))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
