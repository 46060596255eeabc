"""docs/registers.md: its runnable example runs and prints what the page says."""

import contextlib
import io
import re
import sys
from pathlib import Path

from zhifa.registers import draw

DOC = Path(__file__).resolve().parents[2] / "docs" / "registers.md"


def test_the_draw_example_runs_as_documented(monkeypatch):
    example = re.search(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S).group(1)
    monkeypatch.setitem(sys.modules, "draw", draw)  # the page runs it beside draw.py
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(example, str(DOC), "exec"), {})  # noqa: S102 - our own documentation
    lines = printed.getvalue().splitlines()
    assert lines == ["{'assignments': [{'target': 21, 'inspectors': [1, 2]}, {'target': 13, 'inspectors': [1, 4]}, "
                     "{'target': 5, 'inspectors': [2, 4]}]}", "[]"]
