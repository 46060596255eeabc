from django.db import migrations


def reindex(apps, schema_editor):
    """Public search now reads the body too (an announcement's listed names): recompute every notice's search
    index from its masked copy, the only text the public search may hold."""
    from zhifa.core.search import bigrams
    from zhifa.disclosure.masking import public_texts

    Notice = apps.get_model("disclosure", "Notice")
    for pk, title, body, fields in Notice.objects.values_list(
            "pk", "masked_title", "masked_body", "masked_fields").iterator(chunk_size=2000):
        grams = bigrams("\n".join([title, body, *public_texts(fields)]))
        Notice.objects.filter(pk=pk).update(search_bigrams=grams)


class Migration(migrations.Migration):

    dependencies = [
        ("disclosure", "0004_notice_masked_title"),
    ]

    operations = [
        migrations.RunPython(reindex, migrations.RunPython.noop, elidable=True),
    ]
