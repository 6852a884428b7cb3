"""A sentence that ends in a link to a chapter whose title is a question keeps one end mark.

German chapter titles here are often questions ("Wodurch zeichnen sich Fachkräftenetzwerke aus?").
A sentence that ends with a reference to such a chapter, "… im Kapitel {doc}`netzwerke`.", would read
"…aus?." on the page. After references are resolved, a full stop right after a link text that ends in
"?" or "!" is dropped; a comma, a semicolon or a closing bracket stays.
"""

from __future__ import annotations

from docutils import nodes

__all__ = ["drop_doubled_full_stops", "setup"]

END_MARKS = ("?", "!")


def drop_doubled_full_stops(doctree: nodes.document) -> int:
    """Remove the "." that follows a reference whose text ends in "?" or "!"; returns how many were removed."""
    removed = 0
    for ref in list(doctree.findall(nodes.reference)):
        if not ref.astext().rstrip().endswith(END_MARKS):
            continue
        after = ref.next_node(descend=False, siblings=True)
        if not isinstance(after, nodes.Text) or not after.startswith("."):
            continue
        if after.startswith(".."):  # an ellipsis or code, not a sentence's end
            continue
        after.parent.replace(after, nodes.Text(str(after)[1:]))
        removed += 1
    return removed


def _on_doctree_resolved(app, doctree, docname) -> None:
    drop_doubled_full_stops(doctree)


def setup(app):
    app.connect("doctree-resolved", _on_doctree_resolved)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
