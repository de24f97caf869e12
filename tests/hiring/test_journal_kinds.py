"""Every journal kind the code writes is a declared Activity.Kind: read from the source, so a
new kind written anywhere fails here until it is declared."""

import ast
from pathlib import Path

from hiring.models import Activity

ROOT = Path(__file__).resolve().parents[2]
WRITERS = ("record_activity", "record_folded_change", "Activity.objects.create", "Activity")


def _kinds_written():
    """String kinds given to the journal's writers, directly or through a local variable."""
    found = {}
    for path in ROOT.glob("*/**/*.py"):
        if path.parts[len(ROOT.parts)] in {".venv", "tests"} or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text())
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            assigned = {}
            for node in ast.walk(function):
                if isinstance(node, ast.Assign):
                    for target in node.targets:
                        names = target.elts if isinstance(target, ast.Tuple) else [target]
                        values = (
                            node.value.elts
                            if isinstance(node.value, ast.Tuple)
                            else [node.value] * len(names)
                        )
                        for name, value in zip(names, values, strict=False):
                            if isinstance(name, ast.Name):
                                assigned.setdefault(name.id, []).append(value)
            for call in ast.walk(function):
                if not (isinstance(call, ast.Call) and ast.unparse(call.func).endswith(WRITERS)):
                    continue
                for keyword in call.keywords:
                    if keyword.arg != "kind":
                        continue
                    values = [keyword.value]
                    if isinstance(keyword.value, ast.Name):
                        values = assigned.get(keyword.value.id, [])
                    for value in values:
                        for constant in ast.walk(value):
                            if isinstance(constant, ast.Constant) and isinstance(
                                constant.value, str
                            ):
                                where = f"{path.relative_to(ROOT)}:{call.lineno}"
                                found.setdefault(constant.value, where)
    return found


def test_every_kind_written_to_the_journal_is_declared():
    written = _kinds_written()
    assert "agreement_sent" in written and "candidate_moved" in written  # the scan works
    undeclared = {k: where for k, where in written.items() if k not in Activity.Kind.values}
    assert undeclared == {}, "declare these in hiring.models.Activity.Kind"
