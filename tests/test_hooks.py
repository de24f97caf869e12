"""Every hook list is in the README's "Hook lists" table, with what is registered in it, from
which AppConfig.ready(), in the order it is called, and inside which transaction."""

import importlib
import re
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

from config.hooks import Hooks

BASE = Path(settings.BASE_DIR)


def _import_every_module():
    for config in apps.get_app_configs():
        if Path(config.path).parent != BASE:
            continue
        for path in sorted(Path(config.path).rglob("*.py")):
            parts = path.relative_to(BASE).with_suffix("").parts
            if "migrations" not in parts:
                importlib.import_module(".".join(p for p in parts if p != "__init__"))


def _hook_lists() -> dict[str, Hooks]:
    _import_every_module()
    found = {}
    for name, module in list(sys.modules.items()):
        if name.partition(".")[0] not in {c.name for c in apps.get_app_configs()}:
            continue
        for value in vars(module).values():
            if isinstance(value, Hooks):
                found[value.name] = value
    return found


def _registrations() -> list[tuple[str, str, str, str]]:
    """(hook list, registered function, registering ready(), called inside) in call order."""
    rows = []
    for name, hooks in sorted(_hook_lists().items()):
        for fn in hooks:
            module = hooks.registered_from[fn]
            app = apps.get_containing_app_config(module)
            ready = f"{type(app).__name__}.ready()" if module == f"{app.name}.apps" else module
            rows.append((name, f"{fn.__module__}.{fn.__qualname__}", ready, hooks.called_in))
    return rows


def _readme_table() -> list[tuple[str, ...]]:
    text = (BASE / "README.md").read_text()
    section = text.partition("\n## Hook lists\n")[2].partition("\n## ")[0]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) == 4 and not set(cells[0]) <= {"-", ":"}:
            rows.append(tuple(re.sub(r"^`([^`]*)`$", r"\1", c) for c in cells))
    return rows[1:]  # the header


def test_every_hook_list_is_registered_into_from_a_ready_method():
    for name, fn, ready, _called_in in _registrations():
        assert ready.endswith("Config.ready()"), f"{fn} is registered in {name} from {ready}"


def test_the_readme_lists_every_hook_in_the_order_it_is_called():
    assert _readme_table() == _registrations(), "README, 'Hook lists' should read:\n" + "\n".join(
        f"| `{n}` | `{fn}` | `{ready}` | {called} |" for n, fn, ready, called in _registrations()
    )


@pytest.mark.parametrize("repeat", [1, 2])
def test_a_hook_is_registered_once(repeat):
    hooks = Hooks("test.HOOKS", signature="fn()", called_in="nothing")

    def one():
        return 1

    for _ in range(repeat):
        assert hooks.register(one) is one
    assert list(hooks) == [one] and len(hooks) == 1
    assert hooks.registered_from[one] == __name__
