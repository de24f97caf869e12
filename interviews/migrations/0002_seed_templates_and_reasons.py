"""The default candidate message templates and the managed list of offer-decline reasons;
an admin edits both afterwards."""

from django.db import migrations

DECLINE_REASONS = [
    "Salary or package",
    "Accepted another offer",
    "Counter-offer from their employer",
    "Role or scope",
    "Location or working pattern",
    "Start date",
    "Personal circumstances",
    "Other",
]


def seed(apps, schema_editor):
    from interviews.candidate_messages import DEFAULT_TEMPLATES

    MessageTemplate = apps.get_model("interviews", "MessageTemplate")
    for kind, (subject, body) in DEFAULT_TEMPLATES.items():
        MessageTemplate.objects.get_or_create(
            kind=str(kind), defaults={"subject": subject, "body": body}
        )
    OfferDeclineReason = apps.get_model("interviews", "OfferDeclineReason")
    for position, label in enumerate(DECLINE_REASONS):
        OfferDeclineReason.objects.get_or_create(label=label, defaults={"position": position})


class Migration(migrations.Migration):
    dependencies = [("interviews", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
