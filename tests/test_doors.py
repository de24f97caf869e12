"""One door per object: every view opens a search through `hiring.doors`, a candidate
through `pipeline.doors`, an interview through `interviews.doors` — one function imported
everywhere, never a copy of its query (healthchecks' `_get_check_for_user`). A views module
that builds its own `Requisition.objects.visible_to(...)` or
`Application.objects.visible_to(...)` could drift from the rule on one page, so it fails
here."""

import re
from pathlib import Path

from django.apps import apps
from django.conf import settings

DOORS = {"hiring/doors.py", "pipeline/doors.py", "interviews/doors.py", "checkins/doors.py"}
# A views module's own way to a search or a candidate, instead of the door.
FORBIDDEN = re.compile(
    r"(Requisition|Application)\.objects\.visible_to\(|get_object_or_404\(\s*(Requisition|Application)\b"
)


def _views_modules() -> list[Path]:
    """Every views module of the project's own apps: `views.py` or a module of `views/`."""
    found = []
    for app in apps.get_app_configs():
        root = Path(app.path)
        if root.parent != settings.BASE_DIR:
            continue
        found += [root / "views.py"] if (root / "views.py").exists() else []
        found += sorted((root / "views").glob("*.py"))
    return found


def _offences(path: Path, root=settings.BASE_DIR) -> list[str]:
    text = path.read_text()
    return [
        f"{path.relative_to(root)}:{text.count(chr(10), 0, m.start()) + 1}: {m.group(0)}"
        for m in FORBIDDEN.finditer(text)
    ]


def test_every_views_module_opens_searches_and_candidates_through_the_doors():
    modules = _views_modules()
    assert len(modules) > 20
    assert not any(str(m.relative_to(settings.BASE_DIR)) in DOORS for m in modules)
    offences = [line for module in modules for line in _offences(module)]
    assert offences == [], "use hiring.doors / pipeline.doors / interviews.doors"


def test_the_rule_catches_a_view_that_builds_its_own_door(tmp_path):
    view = tmp_path / "views.py"
    view.write_text(
        "def requisition_detail(request, pk):\n"
        "    requisition = get_object_or_404(\n"
        "        Requisition.objects.visible_to(request.user).with_team(), pk=pk\n"
        "    )\n"
        "    found = Application.objects.visible_to(request.user).get(pk=1)\n"
    )
    found = _offences(view, root=tmp_path)
    assert [line.split(":")[1] for line in found] == ["2", "5"]
