from rest_framework import serializers

from zhifa.core.api.serializers import ScopedModelSerializer, ScopedSerializer
from zhifa.core.confidential import redact_in
from zhifa.disclosure.choices import NoticeKind, NotPublishedReason, Severity
from zhifa.disclosure.services import public_findings
from zhifa.disclosure.models import Notice, NoticeStep
from zhifa.registry.models import IllegalOrganisation


class NoticeStepSerializer(ScopedModelSerializer):
    actor_name = serializers.CharField(source="actor.full_name", default=None, read_only=True)

    class Meta:
        model = NoticeStep
        fields = ["action", "actor", "actor_name", "note", "at"]


class NoticeSerializer(ScopedModelSerializer):
    """Internal view: the original and the masked copy side by side."""

    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    public_url = serializers.SerializerMethodField()

    class Meta:
        model = Notice
        fields = ["id", "kind", "kind_display", "state", "state_display", "case", "title", "fields", "body",
                  "third_parties", "extra_masks", "masked_title", "masked_fields", "masked_body", "severity", "period_months",
                  "decided_on", "due_date", "due_provisional", "publication_end", "not_published_reason",
                  "not_published_note", "redaction_checked_by", "approved_by", "published_at", "content_sha256",
                  "public_url", "withdrawal_trigger", "withdrawal_reason", "withdrawal_due", "withdrawn_at",
                  "version"]
        read_only_fields = fields

    def get_public_url(self, obj) -> str | None:
        return f"/disclosure/{obj.url_path}" if obj.slug else None

    def to_representation(self, notice):
        # A decision notice quotes its case (the served decision names the party, the reporter is a third
        # party to mask): the original is shown as the reader may see the case (zhifa.core.confidential).
        data = super().to_representation(notice)
        return redact_in(data, self.context, subject=notice.case) if notice.case_id else data


class NoticeDetailSerializer(NoticeSerializer):
    steps = NoticeStepSerializer(many=True, read_only=True)
    findings = serializers.SerializerMethodField(help_text="隐私处理后仍可识别的个人信息（应为空）")

    class Meta(NoticeSerializer.Meta):
        fields = NoticeSerializer.Meta.fields + ["steps", "findings"]
        read_only_fields = fields

    def get_findings(self, obj) -> list[list[str]]:
        return [[category, match] for category, match in public_findings(obj)]


class NoticeCreateSerializer(ScopedSerializer):
    kind = serializers.ChoiceField(choices=NoticeKind.choices,
                                   help_text="general、illegal_organisations 或 register；处罚决定公示由系统生成")
    title = serializers.CharField(max_length=200)
    body = serializers.CharField(max_length=100000)
    third_parties = serializers.ListField(child=serializers.CharField(max_length=50), required=False, default=list)
    illegal_organisations = serializers.PrimaryKeyRelatedField(queryset=IllegalOrganisation.objects.all(), many=True,
                                                               default=list, help_text="非法社会组织公告：列入公告的组织")


class NoticeUpdateSerializer(ScopedSerializer):
    title = serializers.CharField(max_length=200, required=False)
    body = serializers.CharField(max_length=100000, required=False, allow_blank=True)
    third_parties = serializers.ListField(child=serializers.CharField(max_length=50), required=False, max_length=100)
    extra_masks = serializers.ListField(child=serializers.CharField(max_length=200), required=False, max_length=200,
                                        help_text="另行隐去的文字；法定隐去的类别不能取消")
    severity = serializers.ChoiceField(choices=Severity.choices, required=False)
    period_months = serializers.IntegerField(min_value=0, max_value=36, required=False)
    version = serializers.IntegerField(required=False)


class NotPublishSerializer(ScopedSerializer):
    reason = serializers.ChoiceField(choices=NotPublishedReason.choices)
    note = serializers.CharField(max_length=2000)


class WithdrawSerializer(ScopedSerializer):
    reason = serializers.CharField(max_length=2000)


class AlarmSerializer(ScopedSerializer):
    notice = serializers.IntegerField()
    title = serializers.CharField()
    state = serializers.CharField()
    kind = serializers.CharField()
    due = serializers.DateField()


class PublicNoticeSerializer(ScopedModelSerializer):
    """Public view: masked content only, never the original."""

    kind_display = serializers.CharField(source="get_kind_display")
    title = serializers.CharField(source="masked_title")
    fields = serializers.JSONField(source="masked_fields")
    body = serializers.CharField(source="masked_body")
    url = serializers.SerializerMethodField()

    class Meta:
        model = Notice
        fields = ["title", "kind", "kind_display", "fields", "body", "published_at", "publication_end",
                  "content_sha256", "url"]

    def get_url(self, obj) -> str:
        return f"/disclosure/{obj.url_path}"
