"""Mentorships already under way get their conversation (new ones open it when they start)."""

from django.db import migrations


def open_conversations(apps, schema_editor):
    Relationship = apps.get_model("relationships", "Relationship")
    Conversation = apps.get_model("messaging", "Conversation")
    Member = apps.get_model("messaging", "Member")
    for relationship in Relationship.objects.filter(status="active").select_related(
        "program", "mentee", "mentor"
    ):
        if Conversation.objects.filter(relationship=relationship).exists():
            continue
        conversation = Conversation.objects.create(
            organization_id=relationship.program.organization_id,
            program_id=relationship.program_id,
            kind="pair",
            relationship=relationship,
        )
        for enrollment in (relationship.mentee, relationship.mentor):
            Member.objects.create(conversation=conversation, person_id=enrollment.person_id)


class Migration(migrations.Migration):
    dependencies = [
        ("messaging", "0001_initial"),
        ("relationships", "0006_staffcontact_checkin"),
    ]

    operations = [migrations.RunPython(open_conversations, migrations.RunPython.noop)]
