from django.db import migrations

# DOMAIN.md §5: the nine standard items of the legal-review checklist.
STANDARD_ITEMS = [
    "执法主体合法，在法定职权和管辖范围内实施",
    "执法人员具备执法资格，且不少于两人",
    "执法程序合法：立案、告知、陈述申辩、听证、回避、送达和时限",
    "事实清楚，证据合法、确凿、充分",
    "适用法律依据正确",
    "裁量基准适用适当，从轻、减轻或从重的理由充分",
    "执法文书完备、规范",
    "是否涉嫌犯罪、应当移送司法机关",
    "其他影响合法性、适当性的情形",
]


def add_checklist(apps, schema_editor):
    ChecklistTemplate = apps.get_model("reviews", "ChecklistTemplate")
    if not ChecklistTemplate.objects.filter(version=1).exists():
        ChecklistTemplate.objects.create(
            version=1, active=True, items=[{"number": i, "text": text} for i, text in enumerate(STANDARD_ITEMS, 1)]
        )


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_initial")]
    operations = [migrations.RunPython(add_checklist, migrations.RunPython.noop)]
