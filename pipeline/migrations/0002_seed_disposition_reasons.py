"""The disposition reasons an organisation starts with (seed 004, "providing a disposition
reason"); an admin edits the list afterwards. Codes are stable: code reads some of them
(`knockout_answer` is proposed by a failed knock-out question)."""

from django.db import migrations

REASONS = [
    # code, label, side, position
    ("knockout_answer", "Knock-out answer", "ours", 1),
    ("skills_gap", "Skills gap on a must-have", "ours", 2),
    ("salary_expectations", "Salary expectations", "ours", 3),
    ("experience_level", "Experience level does not fit the role", "ours", 4),
    ("stronger_candidates", "Other candidates went further", "ours", 5),
    ("position_filled", "Position filled", "ours", 6),
    ("duplicate", "Duplicate or mistaken entry", "ours", 7),
    ("candidate_withdrew", "Candidate withdrew", "candidate", 1),
    ("accepted_other_offer", "Accepted another offer", "candidate", 2),
    ("declined_offer", "Declined our offer", "candidate", 3),
    ("location_or_relocation", "Location or relocation", "candidate", 4),
    ("no_response", "Stopped responding", "candidate", 5),
]


def seed(apps, schema_editor):
    DispositionReason = apps.get_model("pipeline", "DispositionReason")
    for code, label, side, position in REASONS:
        DispositionReason.objects.update_or_create(
            code=code, defaults={"label": label, "side": side, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("pipeline", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
