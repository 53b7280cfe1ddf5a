"""Checks shared by the gateway tests: a downloaded credential verifies, a PDF carries it
and its QR code opens the credential's verification page."""

from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path
from typing import Any

from issuer_helpers import registry_verifier

from vc_led.results import CheckStatus
from vc_led_issuer.context import Registry


def assert_verifies(registry: Registry, stapled: Any) -> dict[str, Any]:
    """The stapled credential's signature and stapled status pass; its checks by name."""
    assert stapled["type"] == "LedStapledCredential"
    result = registry_verifier(registry).verify_credential(stapled)
    checks = {c.check: c for c in result.checks}
    assert checks["proof"].status is CheckStatus.PASSED, checks["proof"]
    assert checks["status"].status is CheckStatus.PASSED, checks["status"]
    assert checks["status"].details.get("source") == "stapled"
    return checks


def pdf_attachment(pdf: bytes) -> tuple[str, Any, dict[str, Any]]:
    """(file name, parsed JSON, the /AF file specification) of the PDF's one attachment."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    attachments = reader.attachments
    assert len(attachments) == 1, attachments.keys()
    ((name, contents),) = attachments.items()
    spec = reader.trailer["/Root"]["/AF"][0].get_object()
    return name, json.loads(contents[0]), dict(spec)


def pdf_qr_text(pdf: bytes, tmp: Path) -> str:
    """The text of the QR code on the PDF's first page (pdftoppm, then zxing-cpp)."""
    import zxingcpp
    from PIL import Image

    path = tmp / "page.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "150", "-png", "-f", "1", "-l", "1", str(path), str(tmp / "page")],
        check=True,
    )
    (png,) = tmp.glob("page-*.png")
    codes = zxingcpp.read_barcodes(Image.open(png))
    assert len(codes) == 1, codes
    return str(codes[0].text)
