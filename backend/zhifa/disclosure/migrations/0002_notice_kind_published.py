from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("disclosure", "0001_initial"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="notice",
            index=models.Index(fields=["state", "kind", "-published_at", "-id"], name="notice_kind_published"),
        ),
    ]
