"""The ready-made availability question's help text said what the form itself says ("Times of
day in your own time zone."), so people read it twice. Questions that still carry that text,
unedited, get the new one; texts staff wrote themselves are left alone."""

from django.db import migrations

OLD = {
    "en": "Times of day in your own time zone.",
    "fr": "Moments de la journée dans votre fuseau horaire.",
}
NEW = {
    "en": "Tick every time you could usually meet, even if only some weeks.",
    "fr": "Cochez chaque moment où vous pourriez habituellement vous rencontrer, même si ce "
    "n’est pas toutes les semaines.",
}


def replace(apps, schema_editor, old=OLD, new=NEW):
    Question = apps.get_model("questionnaires", "Question")
    for question in Question.objects.filter(kind="availability").only("pk", "help_text"):
        if question.help_text == old:
            Question.objects.filter(pk=question.pk).update(help_text=new)


def restore(apps, schema_editor):
    replace(apps, schema_editor, old=NEW, new=OLD)


class Migration(migrations.Migration):
    dependencies = [("questionnaires", "0002_answer_text_vector")]

    operations = [migrations.RunPython(replace, restore)]
