"""The Netzwerk-Check form in the browser: the page's script against kmunetz.netcheck in Python.

Headless Chromium (Debian's package) opens the built page from ``file://``, as a reader who saved the
site would. For seeded random networks the form is filled in and every displayed number (probability,
interval, average, gap and its interval, each contribution and its interval) must equal Python's,
formatted the book's way, and the form must give advice for the same features as Python and name the
same undecided ones; for the default book (Firth) and for the edition with the probit model and 90-%
intervals. The URL keeps the answers, bad input gets a German message and no result, the form
works by keyboard alone, and without JavaScript the page says that the form needs it.
"""

from __future__ import annotations

import json
import math
import random
from pathlib import Path

import numpy as np
import pytest

from kmunetz import formatting, models, netcheck

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("book")]

PAGE = Path("chapters") / "netzwerk-check.html"
#: Random networks per book.
NETWORKS = {"default": 50, "edition": 12}


def open_form(browser, site: Path, hash_: str = "", **context):
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, **context)
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto((site / PAGE).as_uri() + hash_)
    page.errors = errors
    return page


def model_of(page) -> dict:
    return json.loads(page.locator("script.kmunetz-netcheck-model").text_content())


def random_network(rng: random.Random) -> dict:
    net = {f: rng.random() < 0.5 for f in models.FEATURES}
    # whole years mostly, and some with a decimal, as a reader might type them
    net["years_since_founding"] = rng.choice([rng.randint(0, 40), round(rng.uniform(0, 40), 1)])
    return net


def fill(page, network: dict) -> None:
    for f in models.FEATURES:
        box = page.locator(f"#kmunetz-netcheck-{f}")
        if f in netcheck.CONTINUOUS:
            box.fill(formatting.number(network[f], 1 if network[f] % 1 else 0))
        else:
            box.set_checked(bool(network[f]))


def set_answers(page, network: dict) -> None:
    """Set every answer at once and send one change event (the keyboard test types them one by one)."""
    answers = {f: (formatting.number(v, 1 if v % 1 else 0) if f in netcheck.CONTINUOUS else bool(v))
               for f, v in network.items()}
    page.evaluate("""answers => {
        const form = document.querySelector('.kmunetz-netcheck-form');
        for (const [name, value] of Object.entries(answers)) {
            const el = form.elements.namedItem(name);
            if (el.type === 'checkbox') { el.checked = value; } else { el.value = value; }
        }
        form.dispatchEvent(new Event('change', {bubbles: true}));
    }""", answers)


def shown(page) -> dict:
    """The numbers the page shows, as text, by name; the contributions by feature."""
    out = {el.get_attribute("data-name"): el.locator(".kmunetz-netcheck-number").inner_text()
           for el in page.locator(".kmunetz-netcheck-result .kmunetz-value").all()}
    for row in page.locator(".kmunetz-netcheck-table tbody tr").all():
        cells = row.locator("td").all_inner_texts()
        out[row.get_attribute("data-feature")] = (cells[3], cells[4])
    return out


def shown_advice(page) -> tuple[list[str], str]:
    """The features the form gives advice for (by name, sorted) and its sentence on the undecided ones."""
    result = page.locator(".kmunetz-netcheck-result")
    undecided = result.locator(".kmunetz-netcheck-undecided")
    return (sorted(result.locator("li em").all_inner_texts()),
            undecided.inner_text() if undecided.count() else "")


def python_advice(model: dict, network: dict) -> tuple[list[str], str]:
    """What :func:`kmunetz.netcheck.advice` and :func:`~kmunetz.netcheck.undecided_sentence` say for ``network``."""
    import pandas as pd

    r = netcheck.assess_exported(model, network)
    x = netcheck.network_vector(network)
    factors = pd.DataFrame({
        "feature": models.FEATURES, "name": model["names"],
        "status": [netcheck.status(f, x[f], a, d) for f, a, d in
                   zip(models.FEATURES, model["averages"], model["directions"])],
        "contribution_lower": r["contribution_lower"], "contribution_upper": r["contribution_upper"]})
    return (sorted(netcheck.advice(factors)["name"]),
            netcheck.undecided_sentence(netcheck.undecided(factors)))


def expected(model: dict, network: dict) -> dict:
    r = netcheck.assess_exported(model, network)
    d = model["decimals"]
    out = {"probability": formatting.percent(r["probability"], d),
           "interval": formatting.interval(r["lower"], r["upper"], d),
           "average": formatting.percent(r["average"], model["average_decimals"]),
           "gap": f"{formatting.number(r['gap'], d)}{formatting.NBSP}Prozentpunkte",
           "gap-interval": formatting.interval(r["gap_lower"], r["gap_upper"], d, scale=1, unit="Prozentpunkte")}
    for j, f in enumerate(models.FEATURES):
        out[f] = (formatting.number(r["contribution"][j], 1),
                  formatting.interval(r["contribution_lower"][j], r["contribution_upper"][j], 1, scale=1, unit=""))
    raw = {"probability": [100 * r["probability"]], "interval": [100 * r["lower"], 100 * r["upper"]],
           "average": [100 * r["average"]], "gap": [r["gap"]], "gap-interval": [r["gap_lower"], r["gap_upper"]]}
    raw |= {f: [r["contribution"][j], r["contribution_lower"][j], r["contribution_upper"][j]]
            for j, f in enumerate(models.FEATURES)}
    return {"text": out, "raw": raw}


def _near_rounding_edge(values: list[float], decimals: int) -> bool:
    """A value within 1e-6 of a rounding boundary may be shown either way (float sums in another order)."""
    return any(abs((v * 10 ** decimals) % 1 - 0.5) < 1e-6 for v in values)


def compare(page, model, network, where: str) -> None:
    want, got = expected(model, network), shown(page)
    for name, text in want["text"].items():
        if got.get(name) != text:
            decimals = (1 if name in models.FEATURES else model["average_decimals"] if name == "average"
                        else model["decimals"])
            assert _near_rounding_edge(want["raw"][name], decimals), \
                f"{where}: {name} shows {got.get(name)!r}, Python gives {text!r} for {network}"
    assert shown_advice(page) == python_advice(model, network), f"{where}: advice differs for {network}"


@pytest.fixture(params=["default", "edition"])
def book_site(request):
    """The default book (Firth, 95 %) or the edition with the probit model and 90-% intervals."""
    return request.param, request.getfixturevalue("built_book" if request.param == "default" else "edition_book")


def test_form_computes_what_python_computes(browser, book_site):
    which, site = book_site
    page = open_form(browser, site)
    model = model_of(page)
    if which == "edition":
        assert model["link"] == "probit" and model["confidence"] == 0.9
        assert model["confidence_label"] == "90-%-Konfidenzintervall"
    else:
        assert model["estimator"] == "firth" and model["link"] == "logit" and model["confidence"] == 0.95
    rng = random.Random(20171 if which == "default" else 7)
    for i in range(NETWORKS[which]):
        network = random_network(rng)
        set_answers(page, network)
        compare(page, model, network, f"{which} network {i}")
    assert "NaN" not in page.locator(".kmunetz-netcheck-result").inner_text()
    assert page.errors == []


def test_exported_model_is_the_chapters_model(built_book):
    """The JSON in the page is the model the chapter fitted: refit it from the survey and compare."""
    from kmunetz import chapter

    html = (built_book / PAGE).read_text(encoding="utf-8")
    start = html.index('class="kmunetz-netcheck-model">') + len('class="kmunetz-netcheck-model">')
    model = json.loads(html[start:html.index("</script>", start)].replace("<\\/", "</"))
    ctx = chapter.setup("netzwerk-check")
    result = models.fit(ctx.survey, "firth")
    params, cov = netcheck.intercept_correction(result)  # Firth's slopes, the intercept that matches the share
    assert np.allclose(model["coefficients"], params.to_numpy(), rtol=1e-12, atol=1e-12)
    assert np.allclose(model["coefficients"][1:], result.params.to_numpy()[1:], rtol=1e-12, atol=1e-12)
    assert np.allclose(model["covariance"], cov.to_numpy(), rtol=1e-12, atol=1e-12)
    assert model["share"] == pytest.approx(float(result.y.mean()), abs=1e-15)
    assert np.allclose(model["background"], result.X[models.FEATURES].to_numpy())
    assert math.isclose(model["z"], 1.959963984540054, rel_tol=1e-12)
    assert model["averages"] == pytest.approx(result.X[models.FEATURES].mean().tolist())
    assert model["mark"]["kind"] == "angenommen" and model["mark"]["mark"] == "A"
    # the average is the model chapter's share of networks with active KMU, with its class
    assert model["average_mark"]["kind"] == "nachgerechnet"


def test_the_example_network_gives_the_chapters_numbers(browser, built_book):
    """Unchanged, the form shows the example below it: the same numbers as the chapter's text."""
    import nbformat

    from kmunetz.glue import values_from_notebook

    page = open_form(browser, built_book)
    values = values_from_notebook(nbformat.read(built_book.parent / "executed" / "chapters" / "netzwerk-check.ipynb",
                                                as_version=4))
    got = shown(page)
    assert got["probability"] == formatting.percent(values["check_wahrscheinlichkeit"], 0)
    assert got["interval"] == values["check_intervall"]
    assert got["average"] == formatting.percent(values["check_durchschnitt"], netcheck.AVERAGE_DECIMALS)
    assert got["gap-interval"] == values["check_abstand_intervall"]
    summary = page.locator(".kmunetz-netcheck-summary").inner_text()
    assert values["check_urteil"] in summary
    # one average in the whole book: the model chapter's share of networks with active KMU
    model_chapter = values_from_notebook(nbformat.read(
        built_book.parent / "executed" / "chapters" / "aktive-teilnahme.ipynb", as_version=4))
    assert values["check_durchschnitt"] == pytest.approx(model_chapter["modell_anteil_aktive"], abs=1e-12)
    # the result carries the provenance marks (the average: the share, reproduced) and says that the effects are assumed
    assert page.locator(".kmunetz-netcheck-result .kmunetz-value.kmunetz-angenommen").count() == 5
    assert page.locator('.kmunetz-netcheck-result .kmunetz-value.kmunetz-nachgerechnet[data-name="average"]').count() == 1
    assert "angenommenen Effektstärken" in page.locator(".kmunetz-netcheck-basis").inner_text()


def test_answers_travel_in_the_url(browser, built_book):
    page = open_form(browser, built_book)
    network = random_network(random.Random(3))
    network["years_since_founding"] = 12
    fill(page, network)
    url, before = page.url, shown(page)
    assert "#" in url and "years_since_founding=12" in url
    again = open_form(browser, built_book, "#" + url.split("#", 1)[1])
    for f in models.FEATURES:
        box = again.locator(f"#kmunetz-netcheck-{f}")
        if f in netcheck.CONTINUOUS:
            assert box.input_value() == "12"
        else:
            assert box.is_checked() == network[f], f
    assert shown(again) == before


def live_text_changes(page, before: str, needle: str = "") -> str:
    """Wait until the live region announces something new that contains ``needle`` (it waits for the reader
    to pause); return it."""
    page.wait_for_function("([b, n]) => { const t = document.querySelector('.kmunetz-netcheck-live').textContent;"
                           " return t !== b && t.includes(n); }", arg=[before, needle])
    return page.locator(".kmunetz-netcheck-live").text_content()


@pytest.mark.parametrize("typed, message", [("-3", "keine negative Zahl"), ("101", "höchstens 100 Jahre"),
                                            ("vier", "Bitte eine Zahl eingeben"), ("", "Zahl der Jahre angeben")])
def test_bad_years_get_a_message_and_no_result(browser, built_book, typed, message):
    page = open_form(browser, built_book)
    page.locator("#kmunetz-netcheck-years_since_founding").fill(typed)
    error = page.locator("#kmunetz-netcheck-error-years_since_founding")
    assert error.is_visible() and message in error.inner_text()
    assert page.locator("#kmunetz-netcheck-years_since_founding").get_attribute("aria-invalid") == "true"
    result = page.locator(".kmunetz-netcheck-result").inner_text()
    assert "Kein Ergebnis" in result and "NaN" not in result and "%" not in result
    assert "Kein Ergebnis" in live_text_changes(page, "", "Kein Ergebnis")
    page.locator("#kmunetz-netcheck-years_since_founding").fill("7")
    assert not error.is_visible() and "%" in page.locator(".kmunetz-netcheck-result").inner_text()
    assert page.errors == []


def test_form_works_by_keyboard_alone(browser, built_book):
    page = open_form(browser, built_book)
    first = models.FEATURES[0]
    page.locator(f"#kmunetz-netcheck-{first}").focus()
    before = page.locator(".kmunetz-netcheck-live").text_content()
    was = page.locator(f"#kmunetz-netcheck-{first}").is_checked()
    page.keyboard.press("Space")
    assert page.locator(f"#kmunetz-netcheck-{first}").is_checked() != was
    said = live_text_changes(page, before)  # announced to screen readers, with what the numbers rest on
    assert "angenommenen Effektstärken" in said and "Konfidenzintervall" in said
    # Tab reaches every field in order, then the reset button
    for f in models.FEATURES[1:]:
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.id") == f"kmunetz-netcheck-{f}"
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineWidth")
        assert float(outline.rstrip("px")) >= 2, f"{f}: no visible focus ({outline})"
        if f in netcheck.CONTINUOUS:
            page.keyboard.press("Control+A")
            page.keyboard.type("9")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "kmunetz-netcheck-reset"
    assert "years_since_founding=9" in page.url
    page.keyboard.press("Enter")  # the reset button restores the example
    assert page.locator("#kmunetz-netcheck-years_since_founding").input_value() == "4"


def test_without_javascript_the_page_says_so_and_keeps_the_example(browser, built_book):
    page = open_form(browser, built_book, java_script_enabled=False)
    note = page.locator(".kmunetz-netcheck-nojs")
    assert note.is_visible() and "braucht dafür JavaScript" in note.inner_text()
    assert not page.locator(".kmunetz-netcheck-form").is_visible()
    # the static example, computed by Python, sits in a collapsed box that opens without JavaScript
    assert not page.locator("#fig-check img").is_visible()
    page.locator("details.kmunetz-analysis:has(#fig-check) > summary").click()
    assert page.locator("#fig-check img").is_visible()


def test_years_outside_the_surveyed_range_are_flagged(browser, built_book):
    page = open_form(browser, built_book)
    low, high = model_of(page)["years_range"]
    note = page.locator(".kmunetz-netcheck-years-note")
    assert "außerhalb" not in note.inner_text()
    page.locator("#kmunetz-netcheck-years_since_founding").fill(formatting.number(high + 10, 0))
    assert "außerhalb dieser Spanne" in note.inner_text()
    assert f"bis {formatting.number(high, 0)}" in note.inner_text()


def test_form_with_a_bad_answer_has_no_wcag_violations_in_either_mode(browser, built_book):
    """axe on the form while it shows an error message (the page test sees it with a result)."""
    from test_browser import axe_violations, settle, switch_to_dark

    page = open_form(browser, built_book)
    page.locator("#kmunetz-netcheck-years_since_founding").fill("vier")
    assert page.locator("#kmunetz-netcheck-error-years_since_founding").is_visible()
    settle(page)
    found = axe_violations(page, "netzwerk-check (Fehler)", "light")
    switch_to_dark(page)
    found += axe_violations(page, "netzwerk-check (Fehler)", "dark")
    assert found == [], "\n".join(found)
