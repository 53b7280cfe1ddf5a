"""The citizen portal's pages pass the same markup checks as the web verifier's (tests/a11y.py),
in Dutch and English, logged out and in; its stylesheet's text colours reach WCAG AA contrast
and it has a visible focus and a print style."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from a11y import check_page, contrast, css_colours
from fastapi.testclient import TestClient
from gateway_support import oidc_login

from vc_led_issuer.demo_op import RunningOp

pytestmark = [pytest.mark.enable_socket, pytest.mark.allow_hosts(["127.0.0.1"])]
CSS = (
    Path(__file__).resolve().parents[3]
    / "issuer"
    / "vc_led_issuer"
    / "templates"
    / "portal"
    / "portal.css"
)
WHITE = "#ffffff"
#: every text colour the stylesheet puts on a background (white unless named)
PAIRS = [
    ("ink", WHITE),
    ("muted", WHITE),
    ("accent", WHITE),
    ("warn", "warn-bg"),
    ("self", "self-bg"),
]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_portal_pages(gateway: TestClient, oidc_op: RunningOp, lang: str) -> None:
    check_page(gateway.get(f"/?lang={lang}").text, lang)  # logged out: the login invitation
    oidc_login(gateway, oidc_op.citizens[0])
    home = gateway.get(f"/?lang={lang}").text
    check_page(home, lang)
    record_id = re.findall(r'href="/records/(\d+)"', home)[0]
    record = gateway.get(f"/records/{record_id}").text
    check_page(record, lang)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', record)
    assert csrf
    offer = gateway.post(f"/wallet/offer/{record_id}", data={"csrf_token": csrf.group(1)})
    check_page(offer.text, lang, languages=False)  # a POST answer: no language links
    missing = gateway.get("/records/999999999", headers={"accept": "text/html"})
    assert missing.status_code == 404
    check_page(missing.text, lang)


def _colour(colours: dict[str, str], name: str) -> str:
    return name if name.startswith("#") else colours[name]


@pytest.mark.parametrize(("fg", "bg"), PAIRS)
def test_colour_contrast(fg: str, bg: str) -> None:
    colours = css_colours(CSS)
    assert contrast(_colour(colours, fg), _colour(colours, bg)) >= 4.5, (fg, bg)


def test_focus_is_visible_and_the_page_prints() -> None:
    css = CSS.read_text()
    assert contrast(css_colours(CSS)["focus"], WHITE) >= 3.0  # non-text contrast (WCAG 1.4.11)
    assert "outline: 3px solid var(--focus)" in css
    media = css[css.index("@media print") :]
    assert ".noprint" in media and "display: none" in media
