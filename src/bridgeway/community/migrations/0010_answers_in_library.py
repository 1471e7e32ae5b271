# Published Ask-an-Expert answers move into the resource library: each becomes a resource of
# kind "answer" for its agency (everyone, in the publisher's language), archived when it had
# been withdrawn; the published answer keeps its id and points at its resource.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from bridgeway.messaging.formatting import plain_excerpt
from bridgeway.programs.questionnaires.codelists import LANGUAGES


def _language(published):  # type: ignore[no-untyped-def]
    """The language the staff member who published it uses, as the best guess of the text's."""
    code = (getattr(published.published_by, "preferred_language", "") or "").split("-")[0]
    return code if code in LANGUAGES else settings.LANGUAGE_CODE


def into_the_library(apps, schema_editor):  # type: ignore[no-untyped-def]
    PublishedAnswer = apps.get_model("community", "PublishedAnswer")
    Resource = apps.get_model("learning", "Resource")
    ResourceVersion = apps.get_model("learning", "ResourceVersion")
    for published in PublishedAnswer.objects.select_related("organization", "published_by"):
        resource = Resource.objects.create(
            level="agency",
            network_id=published.organization.network_id,
            organization_id=published.organization_id,
            kind="answer",
            audience="everyone",
            archived=published.withdrawn_at is not None,
            created_by_id=published.published_by_id,
            created_at=published.created_at,
        )
        question = published.question_text.strip() or published.title
        ResourceVersion.objects.create(
            resource=resource,
            language=_language(published),
            title=published.title[:160],
            summary=plain_excerpt(question),
            question_text=question,
            answer_text=published.answer_text.strip() or published.title,
            created_at=published.created_at,
        )
        published.resource = resource
        published.save(update_fields=["resource"])
    if schema_editor.connection.vendor == "postgresql":
        # The columns below change in this transaction: PostgreSQL refuses while the rows
        # written above still have foreign-key checks pending.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def out_of_the_library(apps, schema_editor):  # type: ignore[no-untyped-def]
    PublishedAnswer = apps.get_model("community", "PublishedAnswer")
    Resource = apps.get_model("learning", "Resource")
    for published in PublishedAnswer.objects.select_related("resource", "question"):
        version = published.resource.versions.order_by("pk").first()
        published.title = version.title if version else ""
        published.question_text = version.question_text if version else ""
        published.answer_text = version.answer_text if version else ""
        published.topic_id = published.question.topic_id if published.question else None
        if published.resource.archived:
            published.withdrawn_at = published.resource.updated_at
        published.resource = None  # not to take the row with the resource below
        published.save()
    Resource.objects.filter(kind="answer").delete()
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):

    dependencies = [
        ('community', '0009_circles'),
        ('learning', '0003_published_answers'),
    ]

    operations = [
        migrations.AddField(
            model_name='publishedanswer',
            name='resource',
            field=models.OneToOneField(null=True, on_delete=django.db.models.deletion.CASCADE, related_name='published_answer', to='learning.resource'),
        ),
        migrations.RunPython(into_the_library, out_of_the_library, elidable=False),
        # Defaults first, so that going back can add the columns to the rows again.
        migrations.AlterField(
            model_name='publishedanswer',
            name='answer_text',
            field=models.TextField(default='', max_length=20000, verbose_name='answer'),
        ),
        migrations.AlterField(
            model_name='publishedanswer',
            name='question_text',
            field=models.TextField(default='', max_length=20000, verbose_name='question'),
        ),
        migrations.AlterField(
            model_name='publishedanswer',
            name='title',
            field=models.CharField(default='', max_length=160, verbose_name='title'),
        ),
        migrations.RemoveField(
            model_name='publishedanswer',
            name='answer_text',
        ),
        migrations.RemoveField(
            model_name='publishedanswer',
            name='question_text',
        ),
        migrations.RemoveField(
            model_name='publishedanswer',
            name='title',
        ),
        migrations.RemoveField(
            model_name='publishedanswer',
            name='topic',
        ),
        migrations.RemoveField(
            model_name='publishedanswer',
            name='withdrawn_at',
        ),
        migrations.AlterField(
            model_name='publishedanswer',
            name='resource',
            field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='published_answer', to='learning.resource'),
        ),
    ]
