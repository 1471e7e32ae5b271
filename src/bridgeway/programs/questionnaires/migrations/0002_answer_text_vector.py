"""Free-text answers keep the matching engine's vector of their text; existing answers get theirs
here, a batch at a time."""

from django.db import migrations, models

from bridgeway.matching.engine import text_vector

BATCH = 500


def fill_vectors(apps, schema_editor):
    Answer = apps.get_model("questionnaires", "Answer")
    texts = Answer.objects.filter(question__kind="text").only("pk", "value").order_by("pk")
    after = 0
    while batch := list(texts.filter(pk__gt=after)[:BATCH]):
        for answer in batch:
            value = answer.value
            answer.text_vector = text_vector(value) if isinstance(value, str) and value else ""
        Answer.objects.bulk_update(batch, ["text_vector"])
        after = batch[-1].pk


class Migration(migrations.Migration):
    dependencies = [("questionnaires", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="answer",
            name="text_vector",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill_vectors, migrations.RunPython.noop),
    ]
