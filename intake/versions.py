"""Reading versions and comparing one with the version before it."""

from difflib import SequenceMatcher

from .models import Agreement
from .parts import Section, part_lines

PART_TITLES = {**dict(Section.choices), "matrix": "Responsibility matrix"}


def previous_version(agreement):
    """The version just before this one that was sent (drafts and withdrawn versions
    included: each number is one state of the brief)."""
    return (
        Agreement.objects.for_requisition(agreement.requisition_id)
        .filter(version__lt=agreement.version)
        .order_by("-version")
        .first()
    )


def read_parts(agreement, parts) -> list[dict]:
    """[{part, title, fields: [(label, lines)]}] for the parts the reader may see."""
    return [
        {
            "part": part,
            "title": PART_TITLES[part],
            "fields": part_lines(part, getattr(agreement, part)),
        }
        for part in parts
    ]


def _line_diff(before: list[str], after: list[str]) -> list[tuple[str, str]]:
    """[(kind, line)] with kind "same", "removed" or "added", in reading order."""
    result = []
    matcher = SequenceMatcher(a=before, b=after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            result += [("same", line) for line in before[i1:i2]]
            continue
        result += [("removed", line) for line in before[i1:i2]]
        result += [("added", line) for line in after[j1:j2]]
    return result


def compare_versions(older, newer, parts) -> list[dict]:
    """Per part, the fields whose lines differ, each as a line diff; parts without a change
    are listed with `changed=False` so the page can say so."""
    sections = []
    for part in parts:
        before = dict(part_lines(part, getattr(older, part) if older else {}))
        after = part_lines(part, getattr(newer, part))
        fields = [
            {"label": label, "lines": _line_diff(before.get(label, []), lines)}
            for label, lines in after
            if before.get(label, []) != lines
        ]
        sections.append({"part": part, "title": PART_TITLES[part], "fields": fields})
    return sections
