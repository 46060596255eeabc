"""The major-decision catalogue: which proposed decisions need legal review automatically."""

from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal

from zhifa.cases.major import default_major_reason, large_fine_threshold
from zhifa.reviews.choices import CatalogueEntryKind
from zhifa.reviews.models import Catalogue


_pinned: ContextVar[dict | None] = ContextVar("zhifa_catalogues_pinned", default=None)


@contextmanager
def catalogues_pinned():
    """Within it, each agency's current catalogue is read once: an audit of many cases asks it per case."""
    token = _pinned.set({})
    try:
        yield
    finally:
        _pinned.reset(token)


def catalogue_current(*, agency_id: int) -> Catalogue | None:
    pinned = _pinned.get()
    if pinned is not None and agency_id in pinned:
        return pinned[agency_id]
    catalogue = Catalogue.objects.filter(agency_id=agency_id).prefetch_related("entries").order_by("-version").first()
    if pinned is not None:
        pinned[agency_id] = catalogue
    return catalogue


def catalogue_match(case, penalties=None, fine=None) -> str | None:
    """The catalogue entry the case matches, as its description; None when it matches none.

    `penalties` and `fine` are those notified or decided (Art. 58 is judged again at the notice and at the
    decision); by default those proposed at the close of the investigation."""
    catalogue = catalogue_current(agency_id=case.agency_id)
    if penalties is None:
        penalties, fine = case.proposed_penalties, case.proposed_fine
    if catalogue is None:
        return default_major_reason(case, penalties, fine)
    penalties = set(penalties or [])
    for entry in catalogue.entries.all():
        if entry.kind == CatalogueEntryKind.PENALTY and entry.penalty in penalties:
            return entry.description
        if entry.kind == CatalogueEntryKind.FINE_THRESHOLD and fine is not None:
            # No amount of its own: the large-fine setting for the party's type, as the notice and hearing use.
            threshold = entry.fine_threshold if entry.fine_threshold is not None \
                else large_fine_threshold(case.party_kind)
            if Decimal(fine) >= threshold:
                return entry.description
        if entry.kind in (CatalogueEntryKind.AFTER_HEARING, CatalogueEntryKind.MAJOR_RIGHTS_HEARING) \
                and case.hearing_requested_on:
            return entry.description
    return None  # the other Art. 58 situations are judged by people: flagged by hand with a reason
