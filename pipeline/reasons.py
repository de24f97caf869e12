"""The disposition reasons an organisation starts with (seed 004: "providing a disposition
reason"); an admin edits the list afterwards. Codes are stable: code reads some of them
(a failed knock-out proposes `knockout_answer`)."""

from .models import DispositionReason

DEFAULT_REASONS = [
    # code, label, side, position
    ("knockout_answer", "Knock-out answer", "ours", 1),
    ("skills_gap", "Skills gap on a must-have", "ours", 2),
    ("salary_expectations", "Salary expectations", "ours", 3),
    ("experience_level", "Experience level does not fit the role", "ours", 4),
    ("stronger_candidates", "Other candidates went further", "ours", 5),
    ("position_filled", "Position filled", "ours", 6),
    ("duplicate", "Duplicate or mistaken entry", "ours", 7),
    ("search_cancelled", "Search cancelled", "ours", 8),
    ("candidate_withdrew", "Candidate withdrew", "candidate", 1),
    ("accepted_other_offer", "Accepted another offer", "candidate", 2),
    ("declined_offer", "Declined our offer", "candidate", 3),
    ("location_or_relocation", "Location or relocation", "candidate", 4),
    ("no_response", "Stopped responding", "candidate", 5),
]


def ensure_default_reasons(model=None) -> int:
    """Create the default reasons that are missing (an admin's edits stay). Used by the data
    migration (with its historical model) and by anything that starts from an empty
    database, such as tests after a flush. Returns how many were created."""
    model = model or DispositionReason
    existing = set(model.objects.values_list("code", flat=True))
    missing = [
        model(code=code, label=label, side=side, position=position)
        for code, label, side, position in DEFAULT_REASONS
        if code not in existing
    ]
    model.objects.bulk_create(missing)
    return len(missing)
