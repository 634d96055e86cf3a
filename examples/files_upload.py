"""Files: upload a small JSONL with a progress callback, list, look it up, download, delete.

Uses OPENAI_API_KEY and OPENAI_BASE_URL (./scripts/demo points them at the local mock API).
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Optional

from openai_compat import Client


def show_progress(sent: int, total: Optional[int]) -> None:
    print(f"  uploaded {sent} of {total} bytes")


def main() -> None:
    with Client() as client, tempfile.TemporaryDirectory() as folder:
        source = Path(folder, "requests.jsonl")
        lines = [{"custom_id": f"r{i}", "method": "POST", "url": "/v1/embeddings",
                  "body": {"model": "text-embedding-3-small", "input": f"line {i}"}} for i in range(3)]
        source.write_text("".join(json.dumps(line) + "\n" for line in lines))
        created = client.files.create(file=source, purpose="batch", on_progress=show_progress)
        print("created:", created.id, created.filename, created.bytes, "bytes")
        print("batch files:", [f.id for f in client.files.list(purpose="batch", limit=5).data])
        print("status:", client.files.retrieve(created.id).status)
        with client.files.content(created.id) as content:  # streamed to disk, not held in memory
            size = content.write_to_file(Path(folder, "downloaded.jsonl"))
        print("downloaded:", size, "bytes")
        print("deleted:", client.files.delete(created.id).deleted)


if __name__ == "__main__":
    main()
