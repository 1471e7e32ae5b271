# Ask-an-Expert answers in the library (learning/library/answers.py): a resource kind "answer"
# whose versions hold a question and its answer written in the app.

from django.db import migrations, models

# Search (learning/library/search.py) now reads the question and the answer too: on SQLite the
# FTS5 table gains a `body` column (an FTS5 table cannot take a column: it is made again and
# filled from the versions), on PostgreSQL the GIN index covers the four texts. SQLite also
# loses a table's triggers when a migration rebuilds the table, as the field changes below do:
# they are made again at the end.
SQLITE_DROP = [
    *[
        f"DROP TRIGGER IF EXISTS learning_resourceversion_fts_{event}"
        for event in ("insert", "update", "delete")
    ],
    "DROP TABLE IF EXISTS learning_resource_fts",
]
SQLITE_SEARCH = [
    "CREATE VIRTUAL TABLE learning_resource_fts USING fts5(version_id UNINDEXED,"
    " resource_id UNINDEXED, title, summary, body, tokenize='unicode61 remove_diacritics 2')",
    "INSERT INTO learning_resource_fts(version_id, resource_id, title, summary, body)"
    " SELECT id, resource_id, title, summary, question_text || ' ' || answer_text"
    " FROM learning_resourceversion",
    "CREATE TRIGGER learning_resourceversion_fts_insert AFTER INSERT ON learning_resourceversion"
    " BEGIN INSERT INTO learning_resource_fts(version_id, resource_id, title, summary, body)"
    " VALUES (new.id, new.resource_id, new.title, new.summary,"
    " new.question_text || ' ' || new.answer_text); END",
    "CREATE TRIGGER learning_resourceversion_fts_update"
    " AFTER UPDATE OF title, summary, question_text, answer_text ON learning_resourceversion"
    " BEGIN UPDATE learning_resource_fts SET title = new.title, summary = new.summary,"
    " body = new.question_text || ' ' || new.answer_text WHERE version_id = new.id; END",
    "CREATE TRIGGER learning_resourceversion_fts_delete AFTER DELETE ON learning_resourceversion"
    " BEGIN DELETE FROM learning_resource_fts WHERE version_id = old.id; END",
]
# The version of 0002, for going back.
SQLITE_SEARCH_BEFORE = [
    "CREATE VIRTUAL TABLE learning_resource_fts USING fts5(version_id UNINDEXED,"
    " resource_id UNINDEXED, title, summary, tokenize='unicode61 remove_diacritics 2')",
    "INSERT INTO learning_resource_fts(version_id, resource_id, title, summary)"
    " SELECT id, resource_id, title, summary FROM learning_resourceversion",
    "CREATE TRIGGER learning_resourceversion_fts_insert AFTER INSERT ON learning_resourceversion"
    " BEGIN INSERT INTO learning_resource_fts(version_id, resource_id, title, summary)"
    " VALUES (new.id, new.resource_id, new.title, new.summary); END",
    "CREATE TRIGGER learning_resourceversion_fts_update AFTER UPDATE OF title, summary"
    " ON learning_resourceversion BEGIN UPDATE learning_resource_fts"
    " SET title = new.title, summary = new.summary WHERE version_id = new.id; END",
    "CREATE TRIGGER learning_resourceversion_fts_delete AFTER DELETE ON learning_resourceversion"
    " BEGIN DELETE FROM learning_resource_fts WHERE version_id = old.id; END",
]
# The same expression as SearchVector("title", "summary", "question_text", "answer_text",
# config="simple") in search.py.
POSTGRES_DROP = ["DROP INDEX IF EXISTS learning_resourceversion_search"]
POSTGRES_SEARCH = [
    "CREATE INDEX learning_resourceversion_search ON learning_resourceversion USING GIN"
    " (to_tsvector('simple'::regconfig, COALESCE((title)::text, '') || ' ' ||"
    " COALESCE((summary)::text, '') || ' ' || COALESCE((question_text)::text, '') || ' ' ||"
    " COALESCE((answer_text)::text, '')))",
]
POSTGRES_SEARCH_BEFORE = [
    "CREATE INDEX learning_resourceversion_search ON learning_resourceversion USING GIN"
    " (to_tsvector('simple'::regconfig, COALESCE((title)::text, '') || ' ' ||"
    " COALESCE((summary)::text, '')))",
]


def _run(statements):  # type: ignore[no-untyped-def]
    def run(apps, schema_editor):  # type: ignore[no-untyped-def]
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


DROP = {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP}


class Migration(migrations.Migration):

    dependencies = [
        ('learning', '0002_resource_library'),
    ]

    operations = [
        migrations.RunPython(
            _run(DROP),
            _run({"sqlite": SQLITE_SEARCH_BEFORE, "postgresql": POSTGRES_SEARCH_BEFORE}),
            elidable=False,
        ),
        migrations.RemoveConstraint(
            model_name='resourceversion',
            name='library_version_file_or_address',
        ),
        migrations.AddField(
            model_name='resourceversion',
            name='answer_text',
            field=models.TextField(blank=True, max_length=20000, verbose_name='answer'),
        ),
        migrations.AddField(
            model_name='resourceversion',
            name='question_text',
            field=models.TextField(blank=True, max_length=20000, verbose_name='question'),
        ),
        migrations.AlterField(
            model_name='resource',
            name='kind',
            field=models.CharField(choices=[('document', 'Document'), ('link', 'Link'), ('video', 'Video'), ('answer', 'Expert answer')], max_length=10, verbose_name='kind'),
        ),
        migrations.AddConstraint(
            model_name='resourceversion',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('url', ''), models.Q(('stored_name', ''), _negated=True), ('answer_text', '')), models.Q(models.Q(('url', ''), _negated=True), ('stored_name', ''), ('answer_text', '')), models.Q(('url', ''), ('stored_name', ''), models.Q(('answer_text', ''), _negated=True)), _connector='OR'), name='library_version_one_content'),
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE_SEARCH, "postgresql": POSTGRES_SEARCH}),
            _run(DROP),
            elidable=False,
        ),
    ]
