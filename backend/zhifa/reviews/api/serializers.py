from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from zhifa.accounts.models import User
from zhifa.core.api.serializers import ScopedModelSerializer, ScopedSerializer
from zhifa.core.confidential import redact
from zhifa.reviews.choices import CorrectionCategory, DisputeResult, ReviewOutcome, Verdict
from zhifa.reviews.models import Catalogue, CatalogueEntry, ChecklistTemplate, ItemVerdict, Package, Review


class ItemVerdictSerializer(ScopedModelSerializer):
    class Meta:
        model = ItemVerdict
        fields = ["item", "text", "verdict", "note"]


class PackageSerializer(ScopedModelSerializer):
    verdicts = ItemVerdictSerializer(many=True, read_only=True)
    outcome_display = serializers.CharField(source="get_outcome_display", read_only=True)
    opinion_document_number = serializers.CharField(source="opinion_document.number", default=None, read_only=True)
    changes = serializers.SerializerMethodField(help_text="与上一版相比改动的送审材料项")

    class Meta:
        model = Package
        fields = ["number", "rereview", "submitted_by", "submitted_on", "content", "content_sha256", "changes_note",
                  "changes",
                  "outcome", "outcome_display", "correction_categories", "corrections", "opinion", "decided_by",
                  "decided_on", "opinion_document", "opinion_document_number", "verdicts"]

    def get_changes(self, obj) -> dict:
        previous = self.context.get("previous", {}).get(obj.pk)
        if previous is None:
            return {}
        return package_changes(previous.content, obj.content)


def package_changes(old: dict, new: dict, prefix: str = "") -> dict:
    """{"application.discretion": [old, new], …} for every leaf that differs."""
    changes = {}
    for key in sorted(set(old) | set(new)):
        a, b, path = old.get(key), new.get(key), f"{prefix}{key}"
        if isinstance(a, dict) and isinstance(b, dict):
            changes.update(package_changes(a, b, f"{path}."))
        elif a != b and key != "fingerprint":
            changes[path] = [a, b]
    return changes


class ReviewSerializer(ScopedModelSerializer):
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    case_number = serializers.CharField(source="case.number", read_only=True)
    case_title = serializers.CharField(source="case.title", read_only=True)
    reviewer_name = serializers.CharField(source="reviewer.full_name", read_only=True, default=None)
    current_package = serializers.SerializerMethodField()
    packages = serializers.SerializerMethodField()
    checklist_draft = serializers.SerializerMethodField(
        help_text="审核人员保存的审核清单草稿（仅分配到本案的审核人员可见）：{package, verdicts, opinion}")

    class Meta:
        model = Review
        fields = ["id", "case", "case_number", "case_title", "state", "state_display", "reviewer", "reviewer_name",
                  "submitted_on", "due_date", "due_provisional", "extended_by", "extension_reason", "concluded_on",
                  "dispute_reason", "dispute_result", "dispute_minutes", "rereview_requested_on",
                  "rereview_requested_by", "rereview_reason", "current_package", "packages", "checklist_draft",
                  "version"]

    @extend_schema_field(serializers.JSONField(allow_null=True))
    def get_checklist_draft(self, obj):
        request = self.context.get("request")
        mine = request is not None and obj.reviewer_id == getattr(request.user, "pk", None)
        return (obj.checklist_draft or None) if mine else None

    def get_current_package(self, obj) -> int | None:
        packages = list(obj.packages.all())
        return packages[-1].number if packages else None

    @staticmethod
    def _packages(obj):
        return list(obj.packages.all())

    @extend_schema_field(PackageSerializer(many=True))
    def get_packages(self, obj) -> list:
        if not self.context.get("with_packages"):
            return []
        packages = self._packages(obj)
        previous = {p.pk: packages[i - 1] for i, p in enumerate(packages) if i}
        data = PackageSerializer(packages, many=True, context={"previous": previous}).data
        # The packages quote the case (facts, draft decision, hearing record): as the reader may see it.
        request = self.context.get("request")
        return redact(data, user=request.user if request else None, subject=obj.case)


class AssignSerializer(ScopedSerializer):
    reviewer = serializers.PrimaryKeyRelatedField(queryset=User.objects.all())


class VerdictInputSerializer(ScopedSerializer):
    item = serializers.IntegerField(min_value=1, max_value=99)
    verdict = serializers.ChoiceField(choices=Verdict.choices)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class DraftVerdictSerializer(ScopedSerializer):
    item = serializers.IntegerField(min_value=1, max_value=99)
    verdict = serializers.ChoiceField(choices=Verdict.choices, required=False, allow_blank=True)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True)


class ChecklistDraftSerializer(ScopedSerializer):
    package = serializers.IntegerField(min_value=1)
    verdicts = DraftVerdictSerializer(many=True, max_length=99)
    opinion = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class ReviewOutcomeSerializer(ScopedSerializer):
    package = serializers.IntegerField(min_value=1, help_text="所审核的送审材料版本")
    outcome = serializers.ChoiceField(choices=ReviewOutcome.choices)
    verdicts = VerdictInputSerializer(many=True, max_length=99)
    opinion = serializers.CharField(max_length=20000)
    correction_categories = serializers.ListField(child=serializers.ChoiceField(choices=CorrectionCategory.choices),
                                                  required=False, default=list, max_length=5)
    corrections = serializers.CharField(required=False, allow_blank=True, default="", max_length=20000)
    date = serializers.DateField(required=False)


class ResubmitSerializer(ScopedSerializer):
    note = serializers.CharField(max_length=5000, help_text="补正情况说明")
    date = serializers.DateField(required=False)
    discretion = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    draft_decision = serializers.CharField(required=False, allow_blank=True, max_length=20000)


class ReviewReasonSerializer(ScopedSerializer):
    reason = serializers.CharField(max_length=2000)


class RereviewSerializer(ScopedSerializer):
    reason = serializers.CharField(max_length=5000, help_text="申请复核的理由")
    date = serializers.DateField(required=False, help_text="申请日期，默认今天")


class ResolveDisputeSerializer(ScopedSerializer):
    result = serializers.ChoiceField(choices=DisputeResult.choices)
    minutes = serializers.CharField(max_length=20000)
    date = serializers.DateField(required=False)


class ReviewStatisticsSerializer(ScopedSerializer):
    start = serializers.DateField()
    end = serializers.DateField()
    outcomes = serializers.IntegerField()
    by_outcome = serializers.DictField(child=serializers.IntegerField())
    pass_rate = serializers.FloatField(allow_null=True)
    average_working_days = serializers.FloatField(allow_null=True)
    correction_reasons = serializers.ListField(child=serializers.DictField())
    open = serializers.IntegerField()
    overdue = serializers.IntegerField()


class CatalogueEntrySerializer(ScopedModelSerializer):
    class Meta:
        model = CatalogueEntry
        fields = ["id", "kind", "penalty", "fine_threshold", "description"]


class CatalogueSerializer(ScopedModelSerializer):
    entries = CatalogueEntrySerializer(many=True)

    class Meta:
        model = Catalogue
        fields = ["id", "version", "effective_on", "note", "published_at", "entries"]
        read_only_fields = ["version", "published_at"]


class ChecklistSerializer(ScopedModelSerializer):
    class Meta:
        model = ChecklistTemplate
        fields = ["id", "version", "items", "active", "created_at"]

    def to_representation(self, instance):
        """Each item with the answers it takes (`options`): item 8 (移送) has its own."""
        from zhifa.reviews.services import item_options

        data = super().to_representation(instance)
        data["items"] = [{**item, "options": item_options(item)} for item in data["items"] or []]
        return data
