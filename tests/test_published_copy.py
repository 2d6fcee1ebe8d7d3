"""A copy published with `datasette publish` (docs/reading-room.md): the database, the metadata,
the plugins and templates, but neither the WARC files nor the archive's Python package. Its
citation and archived-copy routes answered 500 with a traceback (helper-201)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from archive.db import open_db

# Datasette as a published copy runs it: the archive package cannot be imported there.
SCRIPT = """
import asyncio, json, sys
from pathlib import Path
from datasette.app import Datasette
from archive.serve import PLUGINS_DIR, SETTINGS, STATIC_DIR, TEMPLATES_DIR, load_metadata

db = sys.argv[1]
metadata = load_metadata(Path(db), None)
for name in [n for n in sys.modules if n == "archive" or n.startswith("archive.")]:
    del sys.modules[name]
sys.modules["archive"] = None  # from here on, `import archive...` fails
ds = Datasette(
    files=[db], metadata=metadata, plugins_dir=str(PLUGINS_DIR), template_dir=str(TEMPLATES_DIR),
    static_mounts=[("reading-room", str(STATIC_DIR))], settings=SETTINGS,
)

async def main():
    await ds.invoke_startup()
    found = {}
    for path in sys.argv[2:]:
        response = await ds.client.get(path)
        found[path] = [response.status_code, response.text]
    print(json.dumps(found))

asyncio.run(main())
"""


def test_a_published_copy_says_what_it_does_not_serve(tmp_path: Path) -> None:
    open_db(tmp_path / "isecg.db").close()
    paths = ["/-/cite?record=news:wp:1", "/-/capture/1", "/isecg/news", "/-/archived?url=x"]
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "isecg.db"), *paths],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    found = json.loads(done.stdout.strip().splitlines()[-1])
    status = {path: answer[0] for path, answer in found.items()}
    assert status == {paths[0]: 404, paths[1]: 404, paths[2]: 200, paths[3]: 404}
    assert "isecg cite" in found[paths[0]][1]
    assert "No archived copies are served here" in found[paths[1]][1]
    assert "Traceback" not in done.stderr
