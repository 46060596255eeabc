"""One benchmark step in its own process, with Django configured for one bench database.

    python -m tests.bench.worker SPEC_JSON OUT_JSON

SPEC_JSON names the step (`generate`, or a workload module) and its parameters; the result goes to OUT_JSON.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import time
from pathlib import Path

REPO_DIR = Path(__file__).resolve().parents[2]
BACKEND_DIR = REPO_DIR / "backend"


def main(argv: list[str]) -> int:
    spec = json.loads(Path(argv[0]).read_text())
    for path in (str(BACKEND_DIR), str(REPO_DIR)):
        if path not in sys.path:
            sys.path.insert(0, path)
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.bench.settings"
    os.environ["DATABASE_URL"] = spec["database_url"]
    import django

    django.setup()
    started = time.perf_counter()
    if spec["step"] == "generate":
        from tests.bench import datasets

        timings = datasets.generate(**spec["generate"])
        datasets.record_dataset(spec["record"])
        result = {"timings": timings}
    else:
        module = importlib.import_module(f"tests.bench.workloads.{spec['step']}")
        result = module.run(spec)
    result["seconds"] = time.perf_counter() - started
    Path(argv[1]).write_text(json.dumps(result, ensure_ascii=False, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
