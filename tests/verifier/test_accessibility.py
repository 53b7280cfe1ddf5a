"""Accessible markup: a language on every page, one h1, a label for every control, unique ids,
no positive tabindex, table headers with scope, a working skip link; colour pairs with at
least 4.5:1 contrast (WCAG 2.2 AA); a print stylesheet."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from a11y import check_page, contrast, css_colours

CSS = (
    Path(__file__).resolve().parents[2] / "verifier" / "vc_led_verifier" / "static" / "verifier.css"
)
#: foreground, background: every text colour the stylesheet puts on a background.
PAIRS = [
    ("fg", "bg"), ("muted", "bg"), ("link", "bg"), ("fg", "panel"), ("muted", "panel"),
    ("ok-fg", "ok-bg"), ("bad-fg", "bad-bg"), ("maybe-fg", "maybe-bg"),
    ("badge-fg", "badge-ok"), ("badge-fg", "badge-bad"), ("badge-fg", "badge-maybe"),
    ("badge-fg", "badge-skip"), ("badge-fg", "link"),
]  # fmt: skip


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_form_page(client, lang):
    check_page(client.get(f"/?lang={lang}").text, lang)


@pytest.mark.parametrize("lang", ["en", "nl"])
def test_result_and_error_pages(client, world, lang):
    body = {"document": json.dumps(world.credentials["self_declared"])}
    location = client.post("/verify", data=body, follow_redirects=False).headers["location"]
    html = client.get(location.split("?")[0] + f"?lang={lang}").text
    check_page(html, lang)
    assert 'class="actions noprint"' in html
    assert 'class="fact warn"' in html and "<strong>" in html  # not colour alone
    error = client.post(f"/verify?lang={lang}", data={"document": "nope"})
    assert error.status_code == 400
    check_page(error.text, lang)
    assert 'role="alert"' in error.text


def _colours() -> dict[str, str]:
    return css_colours(CSS)


@pytest.mark.parametrize(("fg", "bg"), PAIRS)
def test_colour_contrast(fg, bg):
    colours = _colours()
    assert contrast(colours[fg], colours[bg]) >= 4.5, (fg, bg)


def test_focus_is_visible_and_print_stylesheet_exists():
    css = CSS.read_text()
    colours = _colours()
    assert contrast(colours["focus"], colours["bg"]) >= 3.0  # non-text contrast
    assert ":focus-visible" in css and "outline: 3px solid var(--focus)" in css
    media = css[css.index("@media print") :]
    assert ".noprint" in media and "display: none" in media
