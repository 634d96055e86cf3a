"""Images: generate one and save it, edit a PNG with a mask, and make a variation."""

from __future__ import annotations

import struct
import tempfile
import zlib
from pathlib import Path

from openai_compat import Client


def solid_png(size: int, rgba: bytes) -> bytes:
    """A valid size x size RGBA PNG of one colour, built with the stdlib."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\0" + rgba * size for _ in range(size))  # filter byte 0, then the pixels
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def main() -> None:
    client = Client()
    with tempfile.TemporaryDirectory(prefix="images-") as tmp:
        out = Path(tmp)
        result = client.images.generate(prompt="A watercolour otter", model="dall-e-2", response_format="b64_json")
        print("generated:", [path.name for path in result.save_all(out, prefix="otter")])
        source, mask = out / "source.png", out / "mask.png"
        source.write_bytes(solid_png(64, b"\x20\x60\xc0\xff"))
        mask.write_bytes(solid_png(64, b"\0\0\0\0"))  # transparent everywhere: edit the whole image
        edited = client.images.edit(image=source, mask=mask, prompt="Add a small red boat", model="dall-e-2")
        print("edited:", len(edited.data or []), "image(s), created", edited.created)
        variation = client.images.create_variation(image=source, n=1, size="256x256")
        print("variations:", [image.url or "(base64)" for image in variation.data or []])
    client.close()

if __name__ == "__main__":
    main()
