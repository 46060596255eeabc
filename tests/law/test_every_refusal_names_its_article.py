"""Every refusal of the procedure names its article, in Chinese and in English.

《中华人民共和国行政处罚法》第四十四条要求告知“事实、理由、依据”；a refusal the system gives its own users is held to
the same standard: whoever is refused learns which article forbids the step. This sweeps every Refusal the
procedure table and the legal-review gate can return, so a guard added tomorrow without its article fails here.
"""

import ast
import re
from pathlib import Path

import pytest

import zhifa

BACKEND = Path(zhifa.__file__).parent
SOURCES = ["cases/procedure.py", "cases/gates.py", "reviews/gate.py", "enforcement/procedure.py"]
ARTICLE = re.compile(r"第[一二三四五六七八九十百零]+条")
# Refusals that rest on the bureau's internal controls rather than on a statute, with the reason.
INTERNAL_CONTROLS = {
    "lead_logger_does_not_approve": "separation of duties between logging a lead and approving its filing",
    "filing_not_requested_yet": "one filing request at a time, which the leader answers",
}


def refusals():
    for source in SOURCES:
        tree = ast.parse((BACKEND / source).read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef) or function.name in INTERNAL_CONTROLS:
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Refusal":
                    texts = ["".join(v.value for v in ast.walk(arg) if isinstance(v, ast.Constant)
                                     and isinstance(v.value, str)) for arg in node.args]
                    yield pytest.param(*texts, id=f"{source}:{function.name}:{node.lineno}")


ALL = list(refusals())


def test_the_sweep_finds_the_guards():
    assert len(ALL) >= 35


@pytest.mark.parametrize("zh, en", ALL)
def test_the_refusal_names_its_article_in_both_languages(zh, en):
    assert ARTICLE.search(zh), zh
    assert "Art." in en, en
