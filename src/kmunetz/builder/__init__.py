"""The machinery that builds the book on top of the analysis library :mod:`kmunetz`.

Executing chapters in warm kernels with cache keys (:mod:`.execute`, :mod:`.kernels`), the book, its
editions and the student edition (:mod:`.book`, :mod:`.teaching`), single runs and seed sweeps
(:mod:`.runner`), the provenance footer of each page (:mod:`.footer`), the list of exhibits
(:mod:`.exhibits`), the table of contents (:mod:`.toc`) and the command line (:mod:`.cli`).

It needs the Jupyter stack (``pip install kmunetz[book]``); the library never imports it.
"""
