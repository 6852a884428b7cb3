"""The analysis layer of a study chapter: what the book recomputes from survey microdata, set off.

A chapter marks the layer with two directives around any number of cells (code cells included)::

    ```{analysis-start}
    ```
    ... text, code cells, figures ...
    ```{analysis-end}
    ```

A transform moves everything between the two markers (they must be siblings: no section heading
between them) into one ``analysis_layer`` node. In HTML it is a ``<details>`` element whose summary
says what the data are. The state comes from the chapter itself: ``Context.glue_layer()`` glues
under ``kmunetz_layer`` whether the survey is synthetic, the summary and a one-paragraph data note
(German wording from ``kmunetz.wording``). With the synthetic survey the layer is collapsed and
labelled as exercise data; with a real survey file it is open, since it is then the chapter's finding.
The same chapter source serves both. The PDF opens every ``<details>`` element.
"""

from __future__ import annotations

from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

logger = logging.getLogger(__name__)

#: Key and MIME type under which a chapter glues the layer's state (see kmunetz.glue.glue_layer).
KEY = "kmunetz_layer"
MIME = "application/vnd.kmunetz.layer+json"


class analysis_start(nodes.General, nodes.Element):
    """Marker: the analysis layer starts here (replaced by the transform)."""


class analysis_end(nodes.General, nodes.Element):
    """Marker: the analysis layer ends here (removed by the transform)."""


class analysis_layer(nodes.General, nodes.Element):
    """The analysis layer: ``open`` (bool), ``summary``, ``badge`` and ``synthetic`` attributes."""


def _state(document) -> dict | None:
    from myst_nb.ext.glue.utils import retrieve_glue_data

    try:
        data = retrieve_glue_data(document, KEY).data
    except Exception:
        return None
    payload = data.get(MIME)
    if isinstance(payload, str):
        import json

        payload = json.loads(payload)
    return payload


class AnalysisStart(Directive):
    has_content = False
    optional_arguments = 1
    final_argument_whitespace = True

    def run(self):
        node = analysis_start()
        node["title"] = self.arguments[0] if self.arguments else ""
        # the notebook's glue data are reachable while the document is parsed, not in later transforms
        node["state"] = _state(self.state.document)
        return [node]


class AnalysisEnd(Directive):
    has_content = False

    def run(self):
        return [analysis_end()]


class CollectLayer(SphinxTransform):
    """Move the nodes between an ``analysis-start`` and its ``analysis-end`` into one layer node."""

    default_priority = 200

    def apply(self, **kwargs):
        starts = list(self.document.findall(analysis_start))
        if not starts:
            return
        for start in starts:
            state = start.get("state")
            if state is None:
                logger.warning("analysis-start: the chapter glued no layer state (call ctx.glue_layer() in a "
                               "set-up cell)", location=start)
                state = {"synthetic": True, "open": False, "summary": "Nachrechnen mit Einzeldaten", "badge": "",
                         "note": ""}
            parent = start.parent
            index = parent.index(start)
            end = None
            for sibling in parent.children[index + 1:]:
                if isinstance(sibling, analysis_end):
                    end = sibling
                    break
                if isinstance(sibling, (nodes.section, analysis_start)):
                    break
            if end is None:
                logger.warning("analysis-start without an analysis-end in the same section (a heading may not "
                               "sit inside the layer)", location=start)
                parent.remove(start)
                continue
            layer = analysis_layer(classes=["kmunetz-analysis"])
            layer["open"] = bool(state.get("open"))
            layer["synthetic"] = bool(state.get("synthetic", True))
            layer["summary"] = start["title"] or state.get("summary", "Nachrechnen mit Einzeldaten")
            layer["badge"] = state.get("badge", "")
            if state.get("note"):
                layer += nodes.paragraph("", state["note"], classes=["kmunetz-analysis-note"])
            moved = parent.children[index + 1: parent.index(end)]
            for node in moved:
                parent.remove(node)
                layer += node
            parent.remove(end)
            parent.replace(start, layer)
        for stray in list(self.document.findall(analysis_end)):
            logger.warning("analysis-end without an analysis-start before it", location=stray)
            stray.parent.remove(stray)


def _visit_html(self, node):
    from html import escape

    kind = "kmunetz-analysis-synthetic" if node["synthetic"] else "kmunetz-analysis-data"
    self.body.append(f'<details class="kmunetz-analysis {kind}"{" open" if node["open"] else ""}>'
                     f'<summary><span class="kmunetz-analysis-title">{escape(node["summary"])}</span>')
    if node["badge"]:
        self.body.append(f' <span class="kmunetz-analysis-badge">{escape(node["badge"])}</span>')
    self.body.append('</summary><div class="kmunetz-analysis-body">')


def _depart_html(self, node):
    self.body.append("</div></details>")


def _visit_latex(self, node):
    self.body.append("\n\n\\par\\noindent\\textbf{" + self.encode(node["summary"]) + "}\\par\n")


def _visit_text(self, node):
    self.new_state(0)
    self.add_text(node["summary"])
    self.end_state()


def _depart_pass(self, node):
    pass


def setup(app):
    app.add_node(analysis_layer, html=(_visit_html, _depart_html), latex=(_visit_latex, _depart_pass),
                 text=(_visit_text, _depart_pass))
    app.add_node(analysis_start)
    app.add_node(analysis_end)
    app.add_directive("analysis-start", AnalysisStart)
    app.add_directive("analysis-end", AnalysisEnd)
    app.add_transform(CollectLayer)
    app.add_css_file("analysis.css", priority=800)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
