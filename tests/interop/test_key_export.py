"""Key files exported by digitalbazaar's ``@digitalbazaar/ed25519-multikey`` (pinned in
tests/interop/package.json) load in vc-led: the library exports a 64-byte Ed25519 secret
(seed || public key). A fresh random key on every run; the fixed-seed copy with its
provenance is ``tests/vectors/digitalbazaar-ed25519-multikey/``."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from vc_led import KeyType, load_key_file
from vc_led._multibase import multibase_decode

pytestmark = pytest.mark.interop

HERE = Path(__file__).resolve().parent

_SCRIPT = """
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
const key = await Ed25519Multikey.generate({controller: 'did:example:export'});
console.log(JSON.stringify(await key.export({publicKey: true, secretKey: true})));
"""


def test_random_digitalbazaar_export_loads(tmp_path):
    assert shutil.which("node"), "node is needed for the interop tests (scripts/setup installs it)"
    assert (HERE / "node_modules" / "@digitalbazaar" / "ed25519-multikey").is_dir()
    out = subprocess.run(
        ["node", "--input-type=module", "-e", _SCRIPT],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=HERE,
    )
    assert out.returncode == 0, out.stderr
    exported = json.loads(out.stdout)
    assert len(multibase_decode(exported["secretKeyMultibase"])) == 2 + 64
    path = tmp_path / "key.json"
    path.write_text(json.dumps(exported), encoding="utf-8")
    key = load_key_file(path)
    assert key.key_type is KeyType.ED25519
    assert key.public.multibase == exported["publicKeyMultibase"]
    assert key.public.verify(key.sign(b"message"), b"message")
