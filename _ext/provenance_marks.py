"""Mark every glued number on the page with its provenance class (a small local Sphinx extension).

Numbers are glued by the chapters with their provenance (``kmunetz.glue``). This extension replaces
myst-nb's ``glue:text`` role: the numbers in the pasted text (:func:`kmunetz.provenance.mark_spans`)
are wrapped in ``kmunetz_value`` nodes, the words around them stay plain text. A marked number renders as

    <span class="kmunetz-value kmunetz-angenommen kmunetz-short" tabindex="0" data-provenance="angenommen"
          aria-describedby="kv-3">12,3 %<sup class="kmunetz-mark" aria-hidden="true">A</sup>
      <span class="kmunetz-sr">(angenommen)</span>
      <span class="kmunetz-tip" role="tooltip" id="kv-3">…sources…</span></span>

So "fast 90 %" shows as "fast [90 %]ˢ", a glued sentence carries a mark on each of its numbers and
none after its full stop, a text without a number (or with a year only) carries no mark at all.

The mark is a letter (not colour alone); the tooltip opens on hover, on keyboard focus and on tap,
starts with one plain sentence on where the number comes from, then names its sources
(:meth:`kmunetz.provenance.Provenance.tooltip`), and closes with Escape. ``provenance.js`` keeps an
open tooltip inside the window. Screen readers hear the class right after the number and the sources
as its description.

The role ``{studie}`key``` shows a number of the study without notebook code: the wording of the
catalogue row ``key`` (``data/published/numbers.csv``), or a chart value typed into
``data/published/chart_values.csv``, marked as the study's; ``key:wert`` shows the number itself,
``key:n`` the number of answers it rests on. The directive ``{provenance-legend}``
renders the legend of the marks from the same definitions (``kmunetz.provenance.KINDS``).
"""

from __future__ import annotations

import json
from html import escape

from docutils import nodes
from docutils.parsers.rst import Directive
from myst_nb.ext.glue.roles import PasteTextRole
from myst_nb.ext.glue.utils import retrieve_glue_data
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole

MIME = "application/vnd.kmunetz.value+json"

#: The style sheet of the marks and tooltips (in ``_static``); Jupyter Book loads every style sheet there
#: with this priority, so registering it with the same one loads it once, before ``custom.css``.
CSS = "marks.css"
CSS_PRIORITY = 800

logger = logging.getLogger(__name__)


class kmunetz_value(nodes.inline):
    """A glued number with its provenance (``kind``, ``label``, ``mark``, ``details``: the tooltip lines)."""


class ProvenanceTextRole(PasteTextRole):
    def run(self):
        result, messages = super().run()
        if not result:
            return result, messages
        if "::" in self.text:  # a number glued in another document: left as it is
            return result, messages
        key = self.text.rsplit(":", 1)[0] if ":" in self.text else self.text
        try:
            data = retrieve_glue_data(self.document, key).data
        except Exception:  # pragma: no cover - super() already reported a missing key
            return result, messages
        payload = data.get(MIME)
        if isinstance(payload, str):
            payload = json.loads(payload)
        prov = (payload or {}).get("provenance")
        if not prov:
            return result, messages
        if not "".join(n.astext() for n in result).strip():
            return [], messages  # an empty glued text (a sentence left out for these data) gets no mark
        return mark_result(result, prov), messages


def tip_lines(prov: dict) -> list[str]:
    """The tooltip lines of a provenance given as ``Provenance.to_dict()``."""
    from kmunetz.provenance import Provenance, tooltip_lines

    if prov.get("tooltip"):
        return list(prov["tooltip"])
    try:  # a payload written before tooltips had their own lines
        return Provenance.from_dict(prov).tooltip()
    except Exception:  # pragma: no cover - a catalogue that cannot be read: the stored sentences
        return tooltip_lines(prov.get("details", []))


def value_node(children, prov: dict, lines: list[str] | None = None) -> kmunetz_value:
    """A number's nodes marked with its provenance (``Provenance.to_dict()``): class, mark and tooltip lines."""
    node = kmunetz_value("", "", *children, classes=["kmunetz-value", f"kmunetz-{prov['kind']}"])
    node["kind"], node["label"], node["mark"] = prov["kind"], prov["label"], prov["mark"]
    node["details"] = list(lines if lines is not None else tip_lines(prov))
    return node


def marked_nodes(text: str, prov: dict, sentence: bool | None = None,
                 lines: list[str] | None = None) -> list[nodes.Node]:
    """The text as plain ``Text`` nodes and marked numbers (:func:`kmunetz.provenance.mark_spans`)."""
    from kmunetz.provenance import mark_spans

    lines = tip_lines(prov) if lines is None else lines
    return [value_node([nodes.Text(part)], prov, lines) if marked else nodes.Text(part)
            for part, marked in mark_spans(text, sentence)]


def mark_result(result: list[nodes.Node], prov: dict) -> list[nodes.Node]:
    """Mark the numbers in the nodes a paste role returned.

    The usual result is one inline node holding one text: its numbers are marked in place. In a
    richer result (emphasis, links) a sentence has the numbers of each of its texts marked; a short
    value with a number is marked as a whole, one without is left plain.
    """
    from kmunetz.provenance import is_sentence, mark_spans

    lines = tip_lines(prov)
    if len(result) == 1 and isinstance(result[0], nodes.Element) and len(result[0].children) == 1 \
            and isinstance(result[0][0], nodes.Text):
        wrapper = result[0]
        text = wrapper.astext()
        wrapper.children = []
        wrapper.extend(marked_nodes(text, prov, lines=lines))
        return [wrapper]
    if len(result) == 1 and isinstance(result[0], nodes.Text):
        return marked_nodes(result[0].astext(), prov, lines=lines)
    whole = "".join(n.astext() for n in result)
    if is_sentence(whole):
        out = []
        for node in result:
            if isinstance(node, nodes.Text):
                out += marked_nodes(node.astext(), prov, True, lines)
                continue
            for text in list(node.findall(nodes.Text)):
                if isinstance(text.parent, (nodes.literal, nodes.FixedTextElement, kmunetz_value)):
                    continue
                text.parent.replace(text, marked_nodes(text.astext(), prov, True, lines))
            out.append(node)
        return out
    if any(marked for _, marked in mark_spans(whole, False)):
        return [value_node(result, prov, lines)]
    return result


#: What ``{studie}`key:field``` shows besides the wording: the number itself, or the number of answers it rests on.
FIELDS = {"wert": "value", "n": "base_n"}


def study_text(key: str, field: str | None = None) -> str | None:
    """The German text of a number of the study: its catalogue wording, or a typed chart value ("42 %").

    ``field`` ``"wert"`` gives the number itself ("66,7 %", "3"), ``"n"`` the number of answers it
    rests on ("154"). None when ``key`` is neither a catalogue row nor a chart element with a typed
    value, or when the row has no such number.
    """
    from kmunetz import published

    cat = published.load()
    if key in cat.index:
        row = cat.loc[key]
        if field is None:
            return str(row["wording"])
    else:
        charts = published.chart_values()
        if key not in charts.index or _missing(charts.loc[key, "value"]):
            return None
        row = charts.loc[key]
    column = FIELDS.get(field or "wert")
    if column is None or _missing(row[column]):
        return None
    unit = "" if _missing(row["unit"]) else str(row["unit"])
    return _number(float(row[column]), unit if column == "value" else "")


def _number(value: float, unit: str) -> str:
    """A number of the study the German way: "42 %" for a percentage, "3" or "2,5" otherwise."""
    from kmunetz import formatting

    decimals = 0 if value.is_integer() else 1
    if unit == "Prozent":
        return formatting.percent(value, decimals, scale=1)
    return formatting.number(value, decimals)


def _missing(x) -> bool:
    try:
        return x is None or bool(x != x) or str(x) in ("", "<NA>")
    except TypeError:  # pandas' NA compares to nothing
        return True


class StudyRole(SphinxRole):
    """``{studie}`key```: the study's wording of catalogue row ``key`` (or its typed chart value), marked "Studie".

    ``{studie}`key:wert``` shows the row's number itself and ``{studie}`key:n``` the number of answers it
    rests on; an unknown key or a row without that number is a warning (the book builds with ``-W``).
    """

    def run(self):
        from kmunetz import published
        from kmunetz.provenance import Provenance

        key, _, field = self.text.strip().partition(":")
        key, field = key.strip(), field.strip() or None
        self.env.note_dependency(str(published.catalogue_path()))
        self.env.note_dependency(str(published.chart_values_path()))
        text = study_text(key, field) if field in (None, *FIELDS) else None
        if text is None:
            if field not in (None, *FIELDS):
                why = f"the part after the colon must be one of {', '.join(FIELDS)}, got {field!r}"
            elif study_text(key) is None:
                why = ("it is no row of data/published/numbers.csv and no chart value typed into "
                       "data/published/chart_values.csv")
            else:
                why = f"the row has no {'base n' if field == 'n' else 'single value'}"
            logger.warning(f"{{studie}}: unknown key {self.text.strip()!r} in document {self.env.docname!r}: {why}",
                           location=self.get_location(), type="kmunetz", subtype="studie")
            return [nodes.inline(key, key, classes=["kmunetz-studie-unknown"])], []
        prov = Provenance.study(key).to_dict()
        node = nodes.inline("", "", classes=["kmunetz-studie"])
        node.extend(marked_nodes(text, prov))
        self.set_source_info(node)
        return [node], []


def _visit_html(self, node):
    # one translator writes one page: number the tooltips within it
    self._kmunetz_counter = getattr(self, "_kmunetz_counter", 0) + 1
    tip_id = f"kv-{self._kmunetz_counter}"
    node["tip_id"] = tip_id
    # a number stays on one line; a longer marked text wraps like the text around it
    length = "short" if len(node.astext()) <= 32 else "long"
    self.body.append(
        f'<span class="kmunetz-value kmunetz-{escape(node["kind"])} kmunetz-{length}" tabindex="0" '
        f'data-provenance="{escape(node["kind"])}" aria-describedby="{tip_id}">'
    )


def _depart_html(self, node):
    # the lines are plain sentences for readers; a stray backtick of an old payload is dropped
    tips = "".join(f'<span class="kmunetz-tip-line">{escape(d.replace("`", ""))}</span>' for d in node["details"])
    self.body.append(
        f'<sup class="kmunetz-mark" aria-hidden="true">{escape(node["mark"])}</sup>'
        f'<span class="kmunetz-sr"> ({escape(node["label"])})</span>'
        f'<span class="kmunetz-tip" role="tooltip" id="{node["tip_id"]}">'
        f'<span class="kmunetz-tip-class">{escape(node["label"])}</span>{tips}</span></span>'
    )


def _visit_pass(self, node):
    pass


def _depart_latex(self, node):
    self.body.append(r"\textsuperscript{" + node["mark"] + "}")


def _depart_text(self, node):
    self.add_text(f"[{node['mark']}]")


class ProvenanceLegend(Directive):
    """The legend of the provenance marks, from ``kmunetz.provenance.KINDS``."""

    has_content = False

    def run(self):
        from kmunetz.provenance import legend

        items = nodes.definition_list(classes=["kmunetz-legend"])
        for kind in legend():
            term = nodes.term()
            sample = nodes.inline("", "", classes=["kmunetz-legend-sample", f"kmunetz-{kind.key}"])
            sample += nodes.inline("", "12,3\u00a0%")
            sample += nodes.superscript("", kind.mark, classes=["kmunetz-mark"])
            term += sample
            term += nodes.Text(" " + kind.label)
            definition = nodes.definition()
            definition += nodes.paragraph("", kind.explanation)
            items += nodes.definition_list_item("", term, definition)
        return [items]


def setup(app):
    app.add_node(kmunetz_value, html=(_visit_html, _depart_html), latex=(_visit_pass, _depart_latex),
                 text=(_visit_pass, _depart_text))
    app.add_role_to_domain("glue", "text", ProvenanceTextRole(), override=True)
    app.add_role("studie", StudyRole())
    app.add_directive("provenance-legend", ProvenanceLegend)
    app.add_css_file(CSS, priority=CSS_PRIORITY)
    app.add_js_file("provenance.js")
    return {"version": "1.1", "parallel_read_safe": True, "parallel_write_safe": True}
