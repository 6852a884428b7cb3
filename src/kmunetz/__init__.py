"""Helper package for the research book "KMU als Partner regionaler Fachkräftenetzwerke".

The book's chapters call this package and narrate; everything a chapter computes that another could
need lives here, one module per concern:

- :mod:`kmunetz.paths` — where the project and its data live
- :mod:`kmunetz.published` — the catalogue of every number the study states
- :mod:`kmunetz.formatting` — German number formatting for prose and tables
- :mod:`kmunetz.stats` — shares with confidence intervals
- :mod:`kmunetz.plotting` — the book's theme and chart functions
- :mod:`kmunetz.params` — validation of chapter parameters
- :mod:`kmunetz.glue` — gluing computed numbers into the prose
- :mod:`kmunetz.builder.execute` / :mod:`kmunetz.builder.book` — executing chapters and building the book
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("kmunetz")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0"

__all__ = ["__version__"]
