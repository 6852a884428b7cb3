"""Mark every glued number on the page with its provenance class (a small local Sphinx extension).

Numbers are glued by the chapters with their provenance (``kmunetz.glue``). This extension replaces
myst-nb's ``glue:text`` role: the pasted text is wrapped in a ``kmunetz_value`` node that renders as

    <span class="kmunetz-value kmunetz-angenommen" tabindex="0" data-provenance="angenommen"
          aria-describedby="kv-3">12,3 %<sup class="kmunetz-mark" aria-hidden="true">A</sup>
      <span class="kmunetz-sr">(angenommen)</span>
      <span class="kmunetz-tip" role="tooltip" id="kv-3">…sources…</span></span>

The mark is a letter (not colour alone); the tooltip opens on hover, on keyboard focus and on tap,
names the catalogue rows or assumptions, and closes with Escape. Screen readers hear the class right
after the number and the sources as its description. The directive ``{provenance-legend}`` renders the
legend of the marks from the same definitions (``kmunetz.provenance.KINDS``).
"""

from __future__ import annotations

import json
import re
from html import escape

from docutils import nodes
from docutils.parsers.rst import Directive
from myst_nb.ext.glue.roles import PasteTextRole
from myst_nb.ext.glue.utils import retrieve_glue_data

MIME = "application/vnd.kmunetz.value+json"


class kmunetz_value(nodes.inline):
    """A glued number with its provenance (``kind``, ``label``, ``mark``, ``details``)."""


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
        return [value_node(result, prov)], messages


def value_node(children, prov: dict) -> kmunetz_value:
    """A number's nodes marked with its provenance (``Provenance.to_dict()``): class, mark and tooltip lines."""
    from kmunetz.provenance import tooltip_lines

    node = kmunetz_value("", "", *children, classes=["kmunetz-value", f"kmunetz-{prov['kind']}"])
    node["kind"], node["label"], node["mark"] = prov["kind"], prov["label"], prov["mark"]
    node["details"] = tooltip_lines(prov.get("details", []))
    return node


def _visit_html(self, node):
    # one translator writes one page: number the tooltips within it
    self._kmunetz_counter = getattr(self, "_kmunetz_counter", 0) + 1
    tip_id = f"kv-{self._kmunetz_counter}"
    node["tip_id"] = tip_id
    # a number stays on one line; a glued sentence wraps like the text around it
    length = "short" if len(node.astext()) <= 32 else "long"
    self.body.append(
        f'<span class="kmunetz-value kmunetz-{escape(node["kind"])} kmunetz-{length}" tabindex="0" '
        f'data-provenance="{escape(node["kind"])}" aria-describedby="{tip_id}">'
    )


def _code(text: str) -> str:
    """Names of files, parameters and assumption rows, written in backticks, as code."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", text)


def _depart_html(self, node):
    tips = "".join(f"<span class=\"kmunetz-tip-line\">{_code(escape(d))}</span>" for d in node["details"])
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
    app.add_directive("provenance-legend", ProvenanceLegend)
    app.add_js_file("provenance.js")
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
