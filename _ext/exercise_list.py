"""The list of every exercise of the book, made while the book is built (a small local Sphinx extension).

The directive ``{exercise-list}`` lists the exercises of all chapters in navigation order, each chapter
with a link to it and each exercise with a link to its label (``kmunetz.builder.teaching.exercises``),
and closes with a sentence that counts them; the counts carry the provenance mark of a setting of this
book. The page that holds the list needs no code: it is an overview of the book, not an analysis, so
it is no notebook to download or to open in Colab.
"""

from __future__ import annotations

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective


class ExerciseList(SphinxDirective):
    has_content = False

    def run(self):
        from provenance_marks import value_node

        from kmunetz import paths
        from kmunetz.builder import teaching, toc
        from kmunetz.formatting import integer
        from kmunetz.provenance import Provenance

        root = paths.project_root()
        for chapter in toc.toc_files(root):  # a new exercise in any chapter renews this page
            self.env.note_dependency(str(chapter))
        ex = teaching.exercises(root)
        lines = []
        for chapter, group in ex.groupby("chapter", sort=False):
            lines += [f"**{{doc}}`{chapter}`**", ""]
            lines += [f"- {{ref}}`{row.label}` – {row.title}" for row in group.itertuples()] + [""]
        container = nodes.container(classes=["kmunetz-exercise-list"])
        self.state.nested_parse(StringList(lines, source=self.get_source_info()[0]), self.content_offset, container)

        def value(number: int, note: str):
            return value_node([nodes.Text(integer(number))], Provenance.setting(note).to_dict())

        total = nodes.paragraph()
        total += nodes.Text("Insgesamt sind es ")
        total += value(len(ex), "Zahl der Übungen in diesem Buch")
        total += nodes.Text(" Übungen in ")
        total += value(ex["chapter"].nunique(), "Zahl der Kapitel dieses Buchs mit Übungen")
        total += nodes.Text(" Kapiteln.")
        return [container, total]


def setup(app):
    app.setup_extension("provenance_marks")
    app.add_directive("exercise-list", ExerciseList)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
