"""One scope for every object a request touches.

Each model declares, once, how its rows belong to an agency (the path from the row to the agency), or that
it is a user's own (a saved view, a notification), shared reference data every agency reads (the calendar,
the violation grounds), or internal bookkeeping that no request ever points at. `restrict(queryset, user,
action)` applies the declaration, in the manner of NetBox's `RestrictedQuerySet.restrict(user, action)`:

- a view's list and detail rows (the selectors call it);
- every writable related field of every API serializer (`zhifa.core.api.serializers.ScopedRelations`), so
  that an id from another agency in a request body is a 400 on that field, exactly like an id that does
  not exist;
- the choices of every filterset's model filters (`zhifa.core.api.filters.FilterSet`, which the filter backend
  insists on).

The Django admin, whose lists and forms span every agency, is for superusers only (`config/urls.py`): an
agency's administrator manages the agency in the app, inside this scope.

A model without a declaration cannot be restricted: `restrict` raises, and tests/core/test_scope.py fails
for every model a relational field can reach that has none.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db.models import Model, QuerySet

VIEW = "view"  # see it, and point at it from a request body
CHANGE = "change"  # edit or delete it


@dataclass(frozen=True)
class Scope:
    kind: str  # "agency", "personal", "shared" or "internal"
    path: str = ""  # agency: the lookup from the row to its agency; personal: to the user it belongs to

    def __str__(self):
        return f"{self.kind}({self.path})" if self.path else self.kind


def agency(path: str = "agency") -> Scope:
    """Rows of one agency: its own staff see them and point at them."""
    return Scope("agency", path)


def personal(path: str) -> Scope:
    """A user's own rows (nobody else's, whatever the role)."""
    return Scope("personal", path)


SHARED = Scope("shared")  # reference data every agency reads; only a superuser changes it through restrict()
INTERNAL = Scope("internal")  # never listed or chosen through a request (a superuser still sees it)


SCOPES: dict[str, Scope] = {
    # accounts
    "accounts.Agency": agency("id"),
    "accounts.Unit": agency("agency"),
    "accounts.User": agency("unit__agency"),
    "accounts.EnforcementCredential": agency("holder__unit__agency"),
    "accounts.SavedView": personal("user"),
    "auth.Group": INTERNAL,
    "auth.Permission": INTERNAL,
    # calendar: one official calendar for every agency
    "calendar.CalendarDay": SHARED,
    "calendar.CalendarYear": SHARED,
    # registry
    "registry.Organisation": agency("agency"),
    "registry.AnnualInspection": agency("organisation__agency"),
    "registry.IllegalOrganisation": agency("agency"),
    # audit, notifications, exports
    "audit.HistorySeal": INTERNAL,
    "pghistory.Context": INTERNAL,
    "notifications.Notification": personal("recipient"),
    "exports.ExportJob": personal("requested_by"),
    # cases
    "cases.ViolationGround": SHARED,
    "cases.GroundFineRange": SHARED,
    "cases.NumberSequence": agency("agency"),
    "cases.Case": agency("agency"),
    "cases.CaseOfficer": agency("case__agency"),
    "cases.TimelineEvent": agency("case__agency"),
    "cases.CaseDeadline": agency("case__agency"),
    "cases.Preservation": agency("case__agency"),
    "cases.Recusal": agency("case__agency"),
    "cases.Document": agency("agency"),
    # reviews
    "reviews.Catalogue": agency("agency"),
    "reviews.CatalogueEntry": agency("catalogue__agency"),
    "reviews.ChecklistTemplate": SHARED,
    "reviews.Review": agency("agency"),
    "reviews.Package": agency("review__agency"),
    "reviews.ItemVerdict": agency("package__review__agency"),
    # evidence
    "evidence.RecorderDevice": agency("agency"),
    "evidence.DeviceCustody": agency("device__agency"),
    "evidence.StoredFile": INTERNAL,  # reached only through the item or derivative that holds it
    "evidence.EvidenceItem": agency("agency"),
    "evidence.Collector": agency("item__agency"),
    "evidence.FootageInterruption": agency("item__agency"),
    "evidence.Derivative": agency("original__agency"),
    "evidence.Upload": agency("agency"),
    "evidence.AccessEvent": agency("agency"),
    "evidence.FixityCheck": agency("item__agency"),
    "evidence.FixityAlarm": agency("file__items__agency"),
    "evidence.DisposalRequest": agency("item__agency"),
    "evidence.Tombstone": agency("agency"),
    # disclosure
    "disclosure.Notice": agency("agency"),
    "disclosure.Publication": agency("notice__agency"),
    "disclosure.NoticeStep": agency("notice__agency"),
    "disclosure.ArchiveMonth": SHARED,  # the public site's month counts
    # registers
    "registers.NormativeDocument": agency("agency"),
    "registers.DocumentStatusChange": agency("document__agency"),
    "registers.DocumentFiling": agency("document__agency"),
    "registers.DocumentAttachment": agency("document__agency"),
    "registers.CleanupCampaign": agency("agency"),
    "registers.CleanupOutcome": agency("campaign__agency"),
    "registers.CertificationMatter": agency("agency"),
    "registers.DiscretionBenchmark": agency("agency"),
    "registers.PowerList": agency("agency"),
    "registers.PowerItem": agency("power_list__agency"),
    "registers.InspectionPlan": agency("agency"),
    "registers.InspectorConnection": agency("agency"),
    "registers.InspectionDraw": agency("plan__agency"),
    "registers.InspectionResult": agency("draw__plan__agency"),
    "registers.AnnualReport": agency("agency"),
    "registers.RegisterPublication": agency("agency"),
    # litigation
    "litigation.Matter": agency("agency"),
    "litigation.MatterDeadline": agency("matter__agency"),
    "litigation.Hearing": agency("matter__agency"),
    # enforcement
    "enforcement.Enforcement": agency("agency"),
    "enforcement.Payment": agency("enforcement__agency"),
    "enforcement.Arrangement": agency("enforcement__agency"),
    "enforcement.Ruling": agency("enforcement__agency"),
    "enforcement.EnforcementDeadline": agency("enforcement__agency"),
    "enforcement.Refund": agency("agency"),
    # sanctions (non-monetary penalties)
    "sanctions.StopOrder": agency("agency"),
    "sanctions.SanctionDeadline": agency("stop_order__agency"),
    "sanctions.CreditListing": agency("agency"),
}


def scope_of(model: type[Model]) -> Scope:
    """The model's declared scope. A history row (django-pghistory's event model) has the scope of the row it
    records, through `pgh_obj`."""
    label = model._meta.label
    if label in SCOPES:
        return SCOPES[label]
    try:
        tracked = model._meta.get_field("pgh_obj")
    except FieldDoesNotExist:
        raise ImproperlyConfigured(f"{label} has no scope: declare it in zhifa.core.scope.SCOPES") from None
    scope = scope_of(tracked.related_model)
    return Scope(scope.kind, f"pgh_obj__{scope.path}") if scope.path else scope


def _crosses_many(model: type[Model], path: str) -> bool:
    for name in path.split("__"):
        field = model._meta.get_field(name)
        if field.many_to_many or field.one_to_many:
            return True
        if not field.is_relation:
            return False
        model = field.related_model
    return False


def restrict(queryset: QuerySet, user, action: str = VIEW) -> QuerySet:
    """The rows of `queryset` that `user` may `action` ("view", "change"), by the model's declared scope.

    A superuser is not restricted; an anonymous user, or one outside any agency, gets nothing."""
    if user is None or not getattr(user, "is_authenticated", False):
        return queryset.none()
    if user.is_superuser:
        return queryset
    model = queryset.model
    scope = scope_of(model)
    if scope.kind == "internal":
        return queryset.none()
    if scope.kind == "shared":
        return queryset if action == VIEW else queryset.none()
    if scope.kind == "personal":
        return queryset.filter(**{scope.path: user.pk})
    agency_id = user.agency_id
    if agency_id is None:
        return queryset.none()
    if _crosses_many(model, scope.path):  # a join over many rows: select by key, without duplicates
        return queryset.filter(pk__in=model._base_manager.filter(**{scope.path: agency_id}).values("pk"))
    return queryset.filter(**{scope.path: agency_id})
