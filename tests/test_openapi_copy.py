"""The repository's copy of the OpenAPI spec is the upstream file its README names, byte for byte."""

from __future__ import annotations

import gzip
import hashlib
import re
from pathlib import Path

OPENAPI = Path(__file__).resolve().parents[1] / "openapi"


def _recorded(label: str) -> str:
    """A hex digest from a ``- <label>: <hex>`` line of openapi/README.md."""
    found = re.search(rf"^- {re.escape(label)}: ([0-9a-f]{{40,64}})$", (OPENAPI / "README.md").read_text(), re.M)
    assert found, f"openapi/README.md has no '- {label}: <hex>' line"
    return found.group(1)


def test_spec_copy_matches_the_recorded_upstream_file() -> None:
    spec = gzip.decompress((OPENAPI / "openai-openapi.yaml.gz").read_bytes())
    git_blob = hashlib.sha1(b"blob %d\0" % len(spec) + spec).hexdigest()  # what `git hash-object` prints
    assert git_blob == _recorded("Git blob of the decompressed file")
    assert hashlib.sha256(spec).hexdigest() == _recorded("SHA-256 of the decompressed file")
    version = re.search(rb"^info:\n(?:  .*\n)*?  version: (\S+)$", spec, re.M)
    assert version is not None
    assert f"- `info.version`: {version.group(1).decode()}" in (OPENAPI / "README.md").read_text()


def test_spec_licence_is_kept_beside_the_copy() -> None:
    licence = (OPENAPI / "LICENSE").read_text()
    assert licence.startswith("The MIT License") and "Copyright (c) OpenAI" in licence
