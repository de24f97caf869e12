"""The floor order: every app imports only from the floors below it.

Each module of each app is read with `ast` (imports inside functions included) and every
import of another of our apps must point down. An app added to the project must be put on a
floor here first: add it to a floor's set, or add a line for a new floor. The README's
"Floors" paragraph gives the same order (checked below).

`config` is the ground: settings, the Celery app, the hook type import no app — all but
`config/urls.py`, the table that wires every app's pages (it may import any). `outbox` sits
right above `accounts`: its pages use accounts' forms, and mail plumbing needs no domain (its
foreign key to a requisition is the lazy string "hiring.Requisition"); accounts' own emails
reach it through the `accounts.emails.MAILERS` hook list.

Imports inside functions are allowed only in an `AppConfig.ready()` (which runs once the app
registry is ready) or with `# noqa: PLC0415 — <why>` (Ruff's import-outside-top-level, on in
pyproject.toml) where an import closes a real cycle or must wait for something.
"""

import ast
import re
from pathlib import Path

from django.apps import apps
from django.conf import settings

# Lowest first. Apps on one floor do not import each other.
FLOORS = [
    {"config"},
    {"accounts"},
    {"outbox"},
    {"hiring"},
    {"commitments"},
    {"intake", "health", "slack", "webhooks"},
    {"pipeline"},
    {"interviews"},
    {"talent"},
    {"checkins", "privacy"},
    {"insights"},
    {"api", "imports"},
]
FLOOR = {app: level for level, floor in enumerate(FLOORS) for app in floor}
BASE = Path(settings.BASE_DIR)


def _our_apps() -> set[str]:
    return {
        config.name.partition(".")[0]
        for config in apps.get_app_configs()
        if Path(config.path).parent == BASE
    } | {"config"}


# Modules outside the floors: the URL table wires every app's pages together.
WIRING = {BASE / "config" / "urls.py"}


def _modules():
    for app in sorted(_our_apps()):
        for path in sorted((BASE / app).rglob("*.py")):
            yield app, path


def _imported(node: ast.AST, path: Path) -> list[str]:
    """The absolute module names an import statement names."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        if node.level:  # relative: inside the module's own package
            package = path.relative_to(BASE).parent.parts
            base = package[: len(package) - node.level + 1]
            return [".".join([*base, node.module or ""]).rstrip(".")]
        return [node.module or ""]
    return []


def _local_imports(tree: ast.Module, path: Path):
    """Import statements inside a function or class body (not at the module's top), but
    those of an `AppConfig.ready()`, which runs once the app registry is ready by design."""
    for top in tree.body:
        if not isinstance(top, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            continue
        for node in ast.walk(top):
            if (
                path.name == "apps.py"
                and isinstance(node, ast.FunctionDef)
                and node.name == "ready"
            ):
                skipped = {id(n) for n in ast.walk(node)}
                break
        else:
            skipped = set()
        for node in ast.walk(top):
            if isinstance(node, ast.Import | ast.ImportFrom) and id(node) not in skipped:
                yield node


def test_every_app_is_on_a_floor():
    assert _our_apps() - set(FLOOR) == set(), "put the new app on a floor in FLOORS"


def test_no_app_imports_from_its_own_floor_or_above():
    upward = []
    for app, path in _modules():
        if path in WIRING:
            continue
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            for name in _imported(node, path):
                other = name.partition(".")[0]
                if other in FLOOR and other != app and FLOOR[other] >= FLOOR[app]:
                    where = f"{path.relative_to(BASE)}:{node.lineno}"
                    upward.append(f"{where} ({app}) imports {name} ({other})")
    assert upward == [], "imports against the floor order:\n" + "\n".join(upward)


WHY = re.compile(r"#\s*noqa:\s*PLC0415\s+—\s+\S")


def test_an_import_inside_a_function_says_why_it_cannot_be_at_the_top():
    unexplained = []
    for _app, path in _modules():
        if "migrations" in path.parts:  # history, left as written (and outside Ruff)
            continue
        lines = path.read_text().splitlines()
        for node in _local_imports(ast.parse("\n".join(lines), filename=str(path)), path):
            if not WHY.search(lines[node.lineno - 1]):
                unexplained.append(f"{path.relative_to(BASE)}:{node.lineno}")
    assert unexplained == [], (
        "move these imports to the top, or say why not (# noqa: PLC0415 — <why>):\n"
        + "\n".join(unexplained)
    )


def test_ruff_checks_imports_inside_functions():
    pyproject = (BASE / "pyproject.toml").read_text()
    lint = pyproject.partition("[tool.ruff.lint]")[2].partition("\n[")[0]
    assert '"PLC0415"' in lint.partition("ignore")[0]


def test_the_readme_gives_the_floor_order_the_code_keeps():
    order = " ← ".join(
        " / ".join(f"`{app}`" for app in sorted(floor, key=_readme_order)) for floor in FLOORS[1:]
    )
    readme = " ".join((BASE / "README.md").read_text().split())
    assert order in readme, f"the README's floor order should read: {order}"


def _readme_order(app: str) -> tuple[int, str]:
    # Beside-apps are written in the README's order: the older app first.
    return (list(settings.INSTALLED_APPS).index(app), app)
