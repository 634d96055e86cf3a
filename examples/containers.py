"""Containers: a sandbox for the code interpreter; put a file in, list, download it back, clean up.

Uses OPENAI_API_KEY and OPENAI_BASE_URL (./scripts/demo points them at the local mock API).
"""

import tempfile
from pathlib import Path

from openai_compat import Client


def main() -> None:
    with Client() as client, tempfile.TemporaryDirectory() as folder:
        container = client.containers.create(name="analysis", expires_after={"anchor": "last_active_at", "minutes": 20})
        print("container:", container.id, container.status)
        source = Path(folder, "data.csv")
        source.write_text("city,population\nParis,2102650\nTokyo,13960000\n")
        uploaded = client.containers.files.create(container.id, file=source)  # streamed from disk
        print("uploaded:", uploaded.id, uploaded.path, uploaded.bytes, "bytes")
        for item in client.containers.files.list(container.id, limit=10).data:
            print("  in container:", item.id, item.path)
        with client.containers.files.content.retrieve(uploaded.id, container_id=container.id) as content:
            size = content.write_to_file(Path(folder, "copy.csv"))  # streamed to disk
        print("downloaded:", size, "bytes")
        client.containers.files.delete(uploaded.id, container_id=container.id)
        client.containers.delete(container.id)
        print("cleaned up; containers left:", [c.id for c in client.containers.list(limit=3).data])


if __name__ == "__main__":
    main()
