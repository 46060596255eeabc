from django.db import transaction

from zhifa.core.exceptions import InvalidInput
from zhifa.reviews.choices import CatalogueEntryKind
from zhifa.reviews.models import Catalogue, CatalogueEntry


@transaction.atomic
def catalogue_publish_version(*, agency, entries: list[dict], effective_on, note: str = "") -> Catalogue:
    """A catalogue is never edited in place: each change is a new, complete version."""
    errors = []
    for index, entry in enumerate(entries, start=1):
        if entry["kind"] == CatalogueEntryKind.PENALTY and not entry.get("penalty"):
            errors.append(f"第{index}项：须选择处罚种类")
    if not entries:
        errors.append("目录不能为空")
    if errors:
        raise InvalidInput("目录内容有误", "The catalogue has errors.", fields={"entries": errors})
    latest = Catalogue.objects.select_for_update().filter(agency=agency).order_by("-version").first()
    catalogue = Catalogue.objects.create(agency=agency, version=(latest.version + 1) if latest else 1,
                                         effective_on=effective_on, note=note)
    CatalogueEntry.objects.bulk_create([CatalogueEntry(catalogue=catalogue, **entry) for entry in entries])
    return catalogue
