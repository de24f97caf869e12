"""Seed the default responsibility matrix: every step has exactly one A and at least one R.

The rows are copied here (not imported from intake.matrix) so the migration keeps meaning
the same thing when the code changes later.
"""

from django.db import migrations

# step: (recruiter, hr_generalist, hiring_manager)
DEFAULTS = {
    "hiring_strategy": ("R", "C", "A"),
    "job_ad_approval": ("R", "C", "A"),
    "sourcing": ("R", "A", "I"),
    "screening": ("R", "A", "I"),
    "shortlist_presentation": ("R", "I", "A"),
    "interview_scheduling": ("R", "A", "C"),
    "interviewing": ("C", "R", "A"),
    "interview_feedback": ("R", "C", "A"),
    "reference_checks": ("R", "A", "I"),
    "offer_preparation": ("C", "R", "A"),
    "offer_closing": ("R", "A", "C"),
    "candidate_follow_up": ("R", "A", "I"),
    "status_updates": ("R", "A", "I"),
    "onboarding_handoff": ("I", "R", "A"),
}


def seed(apps, schema_editor):
    Row = apps.get_model("intake", "ResponsibilityTemplateStep")
    for step, (recruiter, hr, manager) in DEFAULTS.items():
        Row.objects.get_or_create(
            step=step,
            defaults={"recruiter": recruiter, "hr_generalist": hr, "hiring_manager": manager},
        )


def unseed(apps, schema_editor):
    apps.get_model("intake", "ResponsibilityTemplateStep").objects.filter(
        step__in=list(DEFAULTS)
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("intake", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
