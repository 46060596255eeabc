import datetime
from decimal import Decimal

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from zhifa.cases.models import Case
from zhifa.core.api.serializers import DeadlineStatusMixin, ScopedModelSerializer, ScopedSerializer
from zhifa.enforcement.choices import ArrangementKind, CourtRuling, EnforcementAction
from zhifa.enforcement.models import Arrangement, Enforcement, EnforcementDeadline, Payment, Refund, Ruling
from zhifa.enforcement.procedure import action_options, allowed_actions
from zhifa.enforcement.surcharge import balance

AMOUNT = {"max_digits": 14, "decimal_places": 2, "min_value": Decimal("0.01"), "max_value": Decimal("999999999999.99")}


class PaymentSerializer(ScopedModelSerializer):
    class Meta:
        model = Payment
        fields = ["id", "paid_on", "amount", "principal", "surcharge", "receipt_number", "bank"]
        read_only_fields = fields


class ArrangementSerializer(ScopedModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    decided_by_name = serializers.CharField(source="decided_by.full_name", default=None, read_only=True)

    class Meta:
        model = Arrangement
        fields = ["id", "kind", "kind_display", "state", "state_display", "applied_on", "reason", "items",
                  "decided_by", "decided_by_name", "decided_on", "decision_note"]
        read_only_fields = fields


class RulingSerializer(ScopedModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Ruling
        fields = ["id", "kind", "kind_display", "ruled_on", "number", "summary"]
        read_only_fields = fields


class EnforcementDeadlineSerializer(DeadlineStatusMixin, ScopedModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = EnforcementDeadline
        fields = ["id", "kind", "kind_display", "reference", "basis", "start_date", "due_date", "provisional",
                  "met_on", "status", "days_left"]


class BalanceSerializer(ScopedSerializer):
    as_of = serializers.DateField()
    fine = serializers.DecimalField(max_digits=14, decimal_places=2)
    principal_paid = serializers.DecimalField(max_digits=14, decimal_places=2)
    principal_due = serializers.DecimalField(max_digits=14, decimal_places=2)
    surcharge = serializers.DecimalField(max_digits=14, decimal_places=2, help_text="截至当日累计的加处罚款")
    surcharge_paid = serializers.DecimalField(max_digits=14, decimal_places=2)
    surcharge_due = serializers.DecimalField(max_digits=14, decimal_places=2)
    total_due = serializers.DecimalField(max_digits=14, decimal_places=2)
    surcharge_days = serializers.IntegerField(help_text="计收加处罚款的天数")
    paused_days = serializers.IntegerField(help_text="复议、诉讼期间不计加处罚款的天数")
    capped = serializers.BooleanField(help_text="加处罚款已达罚款数额")


class ReasonSerializer(ScopedSerializer):
    detail = serializers.CharField()
    detail_en = serializers.CharField()
    article = serializers.CharField()


class ActionOptionSerializer(ScopedSerializer):
    action = serializers.ChoiceField(choices=EnforcementAction.choices)
    allowed = serializers.BooleanField()
    reasons = ReasonSerializer(many=True)


def balance_data(enforcement, as_of) -> dict:
    owed = balance(enforcement, as_of)
    return {"as_of": as_of, "fine": owed.fine, "principal_paid": owed.principal_paid,
            "principal_due": owed.principal_due, "surcharge": owed.surcharge.amount,
            "surcharge_paid": owed.surcharge_paid, "surcharge_due": owed.surcharge_due, "total_due": owed.total_due,
            "surcharge_days": owed.surcharge.running_days, "paused_days": owed.surcharge.paused_days,
            "capped": owed.surcharge.capped}


class EnforcementSerializer(ScopedModelSerializer):
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    case_number = serializers.CharField(source="case.number", read_only=True)
    case = serializers.PrimaryKeyRelatedField(queryset=Case.objects.all())
    reminder_number = serializers.CharField(source="reminder.number", default=None, read_only=True)
    application_number = serializers.CharField(source="application.number", default=None, read_only=True)
    payments = PaymentSerializer(many=True, read_only=True)
    arrangements = ArrangementSerializer(many=True, read_only=True)
    rulings = RulingSerializer(many=True, read_only=True)
    deadlines = EnforcementDeadlineSerializer(many=True, read_only=True)
    balance = serializers.SerializerMethodField()
    allowed_actions = serializers.SerializerMethodField()
    action_options = serializers.SerializerMethodField(
        help_text="本状态下的每一步：今天能否执行；不能的，每条理由及其法律依据（仅详情返回）")

    class Meta:
        model = Enforcement
        fields = ["id", "case", "case_number", "state", "state_display", "fine", "served_on", "reminder",
                  "reminder_number", "reminded_on", "reminder_served_on", "statement_on", "statement_made",
                  "statement", "court", "application", "application_number", "applied_on", "court_case_number",
                  "accepted_on", "ordered_on", "ended_on", "closing_basis", "closed_on", "payments", "arrangements",
                  "rulings", "deadlines", "balance", "allowed_actions", "action_options", "version"]
        read_only_fields = [f for f in fields if f != "case"]
        validators = []  # one live enforcement per case: the service refuses a second with a 409 naming the article

    @extend_schema_field(BalanceSerializer)
    def get_balance(self, obj) -> dict:
        return BalanceSerializer(balance_data(obj, timezone.localdate())).data

    def get_allowed_actions(self, obj) -> list[str]:
        return allowed_actions(obj)

    @extend_schema_field(ActionOptionSerializer(many=True))
    def get_action_options(self, obj) -> list[dict]:
        user = getattr(self.context.get("request"), "user", None)
        if user is None or self.parent is not None:  # a list row: the detail answers it
            return []
        return action_options(obj, user)


class InstalmentSerializer(ScopedSerializer):
    due_on = serializers.DateField()
    amount = serializers.DecimalField(**AMOUNT)


class ActionSerializer(ScopedSerializer):
    """One step of enforcement: the action, its date (today unless given) and what that step takes."""

    action = serializers.ChoiceField(choices=EnforcementAction.choices)
    date = serializers.DateField(required=False)
    # record_payment
    amount = serializers.DecimalField(required=False, **AMOUNT)
    receipt_number = serializers.RegexField(r"^[0-9A-Za-z\-]{4,60}$", required=False)
    bank = serializers.CharField(required=False, allow_blank=True, max_length=100, default="")
    # apply_arrangement / approve / refuse
    kind = serializers.ChoiceField(choices=ArrangementKind.choices, required=False)
    reason = serializers.CharField(required=False, max_length=5000)
    items = InstalmentSerializer(many=True, required=False, max_length=60)
    note = serializers.CharField(required=False, allow_blank=True, max_length=5000, default="")
    # record_statement
    statement_made = serializers.BooleanField(required=False, allow_null=True, default=None)
    statement = serializers.CharField(required=False, allow_blank=True, max_length=20000, default="")
    # apply_to_court / record_ruling
    court = serializers.CharField(required=False, max_length=100)
    ruling = serializers.ChoiceField(choices=CourtRuling.choices, required=False)
    number = serializers.CharField(required=False, max_length=60)
    court_case_number = serializers.CharField(required=False, max_length=60)
    summary = serializers.CharField(required=False, allow_blank=True, max_length=20000, default="")

    def validate_date(self, value):
        if value.year < 2000:
            raise serializers.ValidationError("日期不能早于2000年")
        return value


class BalanceQuerySerializer(ScopedSerializer):
    as_of = serializers.DateField(required=False)

    def validate_as_of(self, value):
        today = timezone.localdate()
        if not datetime.date(2000, 1, 1) <= value <= today + datetime.timedelta(days=3650):
            raise serializers.ValidationError("日期应在2000年至今后十年之间")
        return value


class RefundSerializer(ScopedModelSerializer):
    state_display = serializers.CharField(source="get_state_display", read_only=True)
    case_number = serializers.CharField(source="case.number", read_only=True)
    approved_by_name = serializers.CharField(source="approved_by.full_name", default=None, read_only=True)

    class Meta:
        model = Refund
        fields = ["id", "case", "case_number", "state", "state_display", "amount", "principal", "surcharge", "due_on",
                  "reason", "approved_by", "approved_by_name", "refunded_on", "voucher_number", "note"]
        read_only_fields = fields


class RefundRecordSerializer(ScopedSerializer):
    date = serializers.DateField(required=False, help_text="退还日期，默认今天")
    voucher_number = serializers.CharField(max_length=60, help_text="退库（退款）凭证号")
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
