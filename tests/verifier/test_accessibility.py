"""Accessible markup: a language on every page, one h1, a label for every control, unique ids,
no positive tabindex, table headers with scope, a working skip link; colour pairs with at
least 4.5:1 contrast (WCAG 2.2 AA); a print stylesheet."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

CSS = Path(__file__).resolve().parents[2] / "verifier" / "static" / "verifier.css"
#: foreground, background: every text colour the stylesheet puts on a background.
PAIRS = [
    ("fg", "bg"), ("muted", "bg"), ("link", "bg"), ("fg", "panel"), ("muted", "panel"),
    ("ok-fg", "ok-bg"), ("bad-fg", "bad-bg"), ("maybe-fg", "maybe-bg"),
    ("badge-fg", "badge-ok"), ("badge-fg", "badge-bad"), ("badge-fg", "badge-maybe"),
    ("badge-fg", "badge-skip"), ("badge-fg", "link"),
]  # fmt: skip


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def all(self, tag: str) -> list[dict[str, str]]:
        return [a for t, a in self.tags if t == tag]


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    return page


def check_page(html: str, lang: str) -> None:
    page = parse(html)
    assert page.all("html")[0]["lang"] == lang
    assert len(page.all("h1")) == 1
    ids = [a["id"] for _, a in page.tags if "id" in a]
    assert len(ids) == len(set(ids)), "duplicate ids"
    labelled = {a["for"] for a in page.all("label")}
    for tag in ("input", "textarea", "select"):
        for attrs in page.all(tag):
            if attrs.get("type") not in ("hidden", "submit", "button"):
                assert attrs.get("id") in labelled, f"{tag} without a label: {attrs}"
    for _, attrs in page.tags:
        assert int(attrs.get("tabindex", "0")) <= 0, "positive tabindex breaks keyboard order"
        for ref in attrs.get("aria-describedby", "").split():
            assert ref in ids
    for attrs in page.all("th"):
        assert attrs.get("scope") in ("col", "row")
    assert "main" in ids and any(a.get("href") == "#main" for a in page.all("a"))
    for attrs in page.all("button"):
        assert attrs.get("type") in ("submit", "button")
    langs = [a for a in page.all("a") if "hreflang" in a]
    assert {a["hreflang"] for a in langs} == {"nl", "en"} and all(a["lang"] for a in langs)


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
    root = re.search(r":root\s*{(.*?)}", CSS.read_text(), re.S)
    assert root is not None
    return dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6})", root.group(1)))


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


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
