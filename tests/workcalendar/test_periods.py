"""Every statutory day count has one declaration (a `Period` in an area's periods.py) with its article, unit and
start event, and nothing else counts days: guards, deadline rows, documents and reminders read the declaration,
and the calendar engine counts it.

The sweep walks the whole backend, so tomorrow's module that counts "5 working days" by hand fails here.
"""

import ast
import datetime
import importlib
from pathlib import Path

import pytest

from zhifa.calendar import engine
from zhifa.calendar.periods import Period, chinese_number

BACKEND = Path(__file__).resolve().parents[2] / "backend" / "zhifa"
COUNTING = {"add_working_days", "add_calendar_days", "subtract_working_days", "add_months", "compute_deadline"}
# Where a count is not a statutory period: the engine itself and its API (a user's own computation), and the
# credit platform's publication periods, a versioned table of month ranges by severity and decision date.
ALLOWED = {
    "calendar/engine.py", "calendar/periods.py", "calendar/api/views.py", "calendar/api/serializers.py",
    "disclosure/services.py:_publication_end",
}


def _counting_calls():
    for path in sorted(BACKEND.rglob("*.py")):
        relative = path.relative_to(BACKEND).as_posix()
        if "/migrations/" in relative or relative in ALLOWED:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
        for node in ast.walk(tree):
            name = isinstance(node, ast.Call) and (getattr(node.func, "attr", None) or getattr(node.func, "id", None))
            if name in COUNTING:
                inside = [f for f in functions if f.lineno <= node.lineno <= f.end_lineno]
                where = f"{relative}:{max(inside, key=lambda f: f.lineno).name}" if inside else relative
                if where not in ALLOWED:
                    yield f"{where}:{node.lineno} {name}"


def test_no_module_counts_days_by_hand():
    found = sorted(set(_counting_calls()))
    assert not found, "count these through a declared Period (zhifa/<area>/periods.py):\n" + "\n".join(found)


def _declared_periods():
    for path in sorted(BACKEND.glob("*/periods.py")):
        module = importlib.import_module(f"zhifa.{path.parent.name}.periods")
        for name, value in vars(module).items():
            if isinstance(value, Period):
                yield f"{path.parent.name}.{name}", value


DECLARED = list(_declared_periods())


def test_the_areas_declare_their_periods():
    areas = {name.split(".")[0] for name, _ in DECLARED}
    assert {"cases", "reviews", "litigation", "disclosure"} <= areas


@pytest.mark.parametrize("name, period", DECLARED, ids=[name for name, _ in DECLARED])
def test_every_period_names_its_basis_start_and_count(name, period):
    assert period.count > 0
    assert period.starts
    # Its source: an article (第…条) or a State Council document (〔2018〕118号), or a named rule (办法)
    assert "第" in period.basis or "〔" in period.basis or "办法" in period.basis, period.basis
    assert period.label().endswith(("个工作日", "日", "个月"))
    assert period.words().startswith(chinese_number(period.count))


@pytest.mark.django_db
@pytest.mark.parametrize("name, period", DECLARED, ids=[name for name, _ in DECLARED])
def test_every_period_is_counted_by_the_engine(name, period):
    start = datetime.date(2024, 9, 27)  # before 国庆: every unit lands differently
    expected = (engine.subtract_working_days(start, period.count) if period.before
                else engine.compute_deadline(start, period.count, period.unit))
    assert period.due(start) == expected


def test_the_documents_word_the_periods_as_declared():
    assert [chinese_number(n) for n in (5, 7, 10, 15, 20, 30, 60, 90)] == \
        ["五", "七", "十", "十五", "二十", "三十", "六十", "九十"]


def test_the_notice_states_the_declared_hearing_window():
    from zhifa.cases import periods

    template = (BACKEND / "cases/templates/cases/documents/prior_notice.html").read_text(encoding="utf-8")
    assert "{{ periods.hearing_request }}" in template and "五个工作日" not in template
    assert periods.HEARING_REQUEST.words() == "五个工作日"
