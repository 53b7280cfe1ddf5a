"""Accessible markup and colour checks shared by the web verifier's and the portal's tests.

A language on every page, one h1, a label for every control, unique ids, no positive tabindex,
table headers with scope, a working skip link, language links with ``hreflang``; colour pairs of
at least 4.5:1 contrast (WCAG 2.2 AA).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

__all__ = ["Page", "check_page", "contrast", "css_colours", "parse"]


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


def check_page(html: str, lang: str, *, languages: bool = True) -> None:
    """Assert the markup rules above (``languages``: the page offers the nl/en switch)."""
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
    for attrs in page.all("img"):
        assert "alt" in attrs, f"image without alt text: {attrs}"
    langs = [a for a in page.all("a") if "hreflang" in a]
    if not languages:
        assert not langs
        return
    assert {a["hreflang"] for a in langs} == {"nl", "en"} and all(a["lang"] for a in langs)


def css_colours(css: Path) -> dict[str, str]:
    """The ``--name: #rrggbb`` custom properties of a stylesheet's ``:root``."""
    root = re.search(r":root\s*{(.*?)}", css.read_text(), re.S)
    assert root is not None
    return dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6})", root.group(1)))


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
