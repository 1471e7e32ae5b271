# Each meeting log keeps its meeting's mentorship: the reports count a period's logs of a set
# of mentorships, and the pairs at risk look up the mentorships logged since a day, without
# reading every meeting to find them. The logs already written take their meeting's.

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def from_the_meetings(apps, schema_editor):  # type: ignore[no-untyped-def]
    Meeting = apps.get_model("relationships", "Meeting")
    MeetingLog = apps.get_model("relationships", "MeetingLog")
    MeetingLog.objects.filter(relationship__isnull=True).update(
        relationship_id=Subquery(
            Meeting.objects.filter(pk=OuterRef("meeting_id")).values("relationship_id")[:1]
        )
    )
    if schema_editor.connection.vendor == "postgresql":
        # The column becomes required below, in this transaction: PostgreSQL refuses while
        # the rows written above still have foreign-key checks pending.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):

    dependencies = [
        ("relationships", "0011_group_membership"),
    ]

    operations = [
        migrations.AddField(
            model_name="meetinglog",
            name="relationship",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="relationships.relationship",
            ),
        ),
        migrations.RunPython(from_the_meetings, migrations.RunPython.noop, elidable=False),
        migrations.AlterField(
            model_name="meetinglog",
            name="relationship",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="relationships.relationship",
            ),
        ),
    ]
