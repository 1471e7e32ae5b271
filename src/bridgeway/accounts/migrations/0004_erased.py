# The time a person's account and data were erased (privacy/erasure).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0003_session_generation'),
    ]

    operations = [
        migrations.AddField(
            model_name='person',
            name='erased_at',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
    ]
