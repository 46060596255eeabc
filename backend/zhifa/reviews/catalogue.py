"""The major-decision catalogue: which proposed decisions need legal review automatically."""

from decimal import Decimal

from zhifa.cases.major import default_major_reason
from zhifa.reviews.choices import CatalogueEntryKind
from zhifa.reviews.models import Catalogue


def catalogue_current(*, agency_id: int) -> Catalogue | None:
    return Catalogue.objects.filter(agency_id=agency_id).prefetch_related("entries").order_by("-version").first()


def catalogue_match(case) -> str | None:
    """The catalogue entry the case matches, as its description; None when it matches none."""
    catalogue = catalogue_current(agency_id=case.agency_id)
    if catalogue is None:
        return default_major_reason(case)
    penalties = set(case.proposed_penalties or [])
    for entry in catalogue.entries.all():
        if entry.kind == CatalogueEntryKind.PENALTY and entry.penalty in penalties:
            return entry.description
        if (entry.kind == CatalogueEntryKind.FINE_THRESHOLD and case.proposed_fine is not None
                and entry.fine_threshold is not None and Decimal(case.proposed_fine) >= entry.fine_threshold):
            return entry.description
        if entry.kind in (CatalogueEntryKind.AFTER_HEARING, CatalogueEntryKind.MAJOR_RIGHTS_HEARING) \
                and case.hearing_requested_on:
            return entry.description
    return None  # the other Art. 58 situations are judged by people: flagged by hand with a reason
