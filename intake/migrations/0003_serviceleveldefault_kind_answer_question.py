from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("intake", "0002_seed_default_matrix")]

    operations = [
        migrations.AlterField(
            model_name="serviceleveldefault",
            name="kind",
            field=models.CharField(
                choices=[
                    ("sign_agreement", "Sign the agreement"),
                    ("present_shortlist", "Present the first shortlist"),
                    ("review_candidate", "Review a submitted candidate"),
                    ("interview_feedback", "Submit interview feedback"),
                    ("status_update", "Send the status update to the hiring manager"),
                    ("record_checkin", "Record the check-in"),
                    ("prepare_offer", "Prepare the offer"),
                    ("inform_candidate", "Inform an unsuccessful candidate"),
                    ("action_item", "Action item from a check-in"),
                    ("answer_question", "Answer the hiring manager's question"),
                ],
                max_length=30,
                unique=True,
            ),
        ),
    ]
