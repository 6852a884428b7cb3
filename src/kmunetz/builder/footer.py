"""Where a page came from: parameters, data source and its fingerprint, package version, git commit."""

from __future__ import annotations

import hashlib
import subprocess
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from .. import __version__, formatting
from ..models import ESTIMATOR_NAMES

__all__ = ["git_commit", "data_fingerprint", "footer", "parameter_text", "PARAMETER_NAMES"]


def git_commit(root: Path) -> str:
    """Short commit hash of the project, with "+ lokale Änderungen" if the work tree differs; "unbekannt" outside git."""
    try:
        head = subprocess.run(["git", "-C", str(root), "rev-parse", "--short=10", "HEAD"], capture_output=True,
                              text=True, timeout=10)
        if head.returncode != 0:
            return "unbekannt"
        dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, timeout=10).stdout.strip()
        return head.stdout.strip() + (" + lokale Änderungen" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "unbekannt"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


@lru_cache(maxsize=32)
def _fingerprint(survey: str, experts: str, seed: int, n: int) -> tuple[str, str]:
    from .. import synthetic
    from ..paths import resolve_input

    parts, labels = [], []
    for source, kind, gen in ((survey, "Befragung", lambda: synthetic.generate_survey(seed, n)),
                              (experts, "Expertenpanel", lambda: synthetic.generate_experts(seed))):
        if source == "synthetic":
            parts.append(gen().to_csv(index=False).encode())
            labels.append(f"{kind}: synthetisch (Startwert {seed}" + (f", {formatting.integer(n)} Netzwerke)"
                                                                       if kind == "Befragung" else ")"))
        else:
            p = resolve_input(source)
            parts.append(p.read_bytes())
            labels.append(f"{kind}: Datei {p.name}")
    return "; ".join(labels), _sha(b"\0".join(parts))


def data_fingerprint(parameters: Mapping[str, Any]) -> tuple[str, str] | None:
    """Describe the chapter's data source and return (label, SHA-256 prefix); None for chapters without survey data.

    The fingerprint is the hash of the data themselves (the generated CSV, or the file's bytes), so two
    pages with the same fingerprint rest on identical data.
    """
    if "survey" not in parameters:
        return None
    from ..synthetic import DEFAULT_N, DEFAULT_SEED

    return _fingerprint(str(parameters["survey"]), str(parameters.get("experts", "synthetic")),
                        int(parameters.get("seed", DEFAULT_SEED)), int(parameters.get("n", DEFAULT_N)))


#: German names of the parameters, for readers (the code name follows in brackets).
PARAMETER_NAMES = {"seed": "Startwert", "n": "Zahl der Netzwerke", "survey": "Befragung", "experts": "Expertenpanel",
                   "confidence": "Konfidenzniveau", "catalogue": "Katalog der Studie",
                   "chart_values": "Werte der Abbildungen", "model": "Modell", "runs": "Durchläufe"}
_WORDS = {"synthetic": "synthetisch", "default": "wie geliefert"}
#: Parameters whose value names a file (or "synthetic"/"default").
FILE_PARAMETERS = ("survey", "experts", "catalogue", "chart_values")



def parameter_text(name: str, value: Any) -> str:
    """One parameter for readers: ``Konfidenzniveau 95 % (`confidence`)``.

    Examples
    --------
    >>> parameter_text("confidence", 0.9), parameter_text("survey", "/tmp/x/befragung.csv")
    ('Konfidenzniveau 90\xa0% (`confidence`)', 'Befragung: Datei `befragung.csv` (`survey`)')
    >>> parameter_text("seed", 2017), parameter_text("experts", "synthetic")
    ('Startwert 2017 (`seed`)', 'Expertenpanel: synthetisch (`experts`)')
    >>> parameter_text("model", "firth"), parameter_text("attractive_topics", False)
    ('Modell: Firth-Logit (`model`)', 'attractive_topics: nein (`attractive_topics`)')
    """
    label = PARAMETER_NAMES.get(name, name)
    if name == "confidence":
        shown = formatting.confidence_level(float(value))
    elif name == "seed":
        shown = str(int(value))  # an identifier, not a quantity: no digit grouping
    elif isinstance(value, bool):
        return f"{label}: {'ja' if value else 'nein'} (`{name}`)"
    elif name in FILE_PARAMETERS:
        text = str(value)
        shown = _WORDS.get(text) or f"Datei `{text.replace(chr(92), '/').rsplit('/', 1)[-1]}`"
        return f"{label}: {shown} (`{name}`)"
    elif not isinstance(value, (int, float)):
        text = str(value)
        return f"{label}: {_WORDS.get(text) or ESTIMATOR_NAMES.get(text) or f'`{text}`'} (`{name}`)"
    else:
        shown = formatting.machine_numbers(str(value))
    return f"{label} {shown} (`{name}`)"


def footer(parameters: Mapping[str, Any], commit: str, edition: str | None = None) -> str:
    """The provenance note appended to every executed page (MyST Markdown)."""
    lines = [":::{admonition} Herkunft dieser Seite", ":class: dropdown note", ""]
    if parameters:
        shown = "; ".join(parameter_text(k, v) for k, v in parameters.items())
        lines.append(f"- **Parameter:** {shown}")
    fp = data_fingerprint(parameters)
    if fp:
        lines.append(f"- **Daten:** {fp[0]}; SHA-256 `{fp[1]}`")
    lines.append(f"- **Software:** kmunetz {__version__}; Commit `{commit}`")
    if edition:
        lines.append(f"- **Ausgabe:** `{edition}`")
    lines += [":::", ""]
    return "\n".join(lines)
