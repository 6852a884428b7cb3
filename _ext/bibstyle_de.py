"""Sphinx extension: a German variant of pybtex's ``unsrt`` style for the bibliography.

The book is German; pybtex writes "and" between author names. This style joins names with "und"
and keeps everything else of ``unsrt`` (month names and report types come from the BibTeX entries).
"""

from pybtex.plugin import register_plugin
from pybtex.style.formatting.unsrt import Style as UnsrtStyle
from pybtex.style.template import names, sentence


class GermanStyle(UnsrtStyle):
    default_sorting_style = "author_year_title"

    def format_names(self, role, as_sentence=True):
        formatted = names(role, sep=", ", sep2=" und ", last_sep=" und ")
        return sentence[formatted] if as_sentence else formatted


def setup(app):
    register_plugin("pybtex.style.formatting", "de", GermanStyle)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
