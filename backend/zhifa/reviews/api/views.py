import datetime

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from zhifa.accounts.rules import is_administrator, is_staff_member
from zhifa.core.api.permissions import PredicatePermission
from zhifa.core.exceptions import InvalidInput
from zhifa.core.scope import restrict
from zhifa.reviews import selectors, services
from zhifa.reviews.api.serializers import (
    AssignSerializer,
    CatalogueSerializer,
    ChecklistSerializer,
    ChecklistDraftSerializer,
    ReviewOutcomeSerializer,
    ReviewReasonSerializer,
    RereviewSerializer,
    ResolveDisputeSerializer,
    ResubmitSerializer,
    ReviewSerializer,
    ReviewStatisticsSerializer,
)

from zhifa.reviews.models import Catalogue, ChecklistTemplate
from zhifa.reviews.services_catalogue import catalogue_publish_version

STAFF = {"read": (is_staff_member, "仅本机关工作人员可查看"), "write": (is_staff_member, "仅本机关工作人员可操作")}


class ReviewViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """法制审核。审核人员的待办：?mine=true&due=soon|overdue。"""

    serializer_class = ReviewSerializer
    permission_classes = [PredicatePermission]
    permission_rules = STAFF
    filterset_fields = {"state": ["exact", "in"], "case": ["exact"], "reviewer": ["exact"], "due_date": ["lte", "gte"]}
    ordering_fields = ["id", "due_date", "submitted_on"]
    ordering = ["due_date", "id"]

    def get_queryset(self):
        return selectors.review_list(user=self.request.user)

    @extend_schema(parameters=[
        OpenApiParameter("mine", OpenApiTypes.BOOL, description="只看分配给我的待审核"),
        OpenApiParameter("due", OpenApiTypes.STR, enum=["soon", "overdue"], description="即将到期或已逾期"),
    ])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        params = self.request.query_params
        if self.action == "list" and (params.get("mine") in ("true", "1") or params.get("due")):
            due = params.get("due")
            if due not in (None, "soon", "overdue"):
                raise InvalidInput("due 只能是 soon 或 overdue", "due must be soon or overdue",
                                   fields={"due": ["只能是 soon 或 overdue"]})
            queryset = selectors.review_queue(queryset, user=self.request.user, due=due)
        return queryset

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "with_packages": self.action != "list"}

    def _respond(self, review):
        review = self.get_queryset().get(pk=review.pk)
        return Response(ReviewSerializer(review, context=self.get_serializer_context()).data)

    @extend_schema(request=AssignSerializer, responses=ReviewSerializer, summary="分配审核人员（负责人）")
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        form = AssignSerializer(data=request.data, context=self.get_serializer_context())
        form.is_valid(raise_exception=True)
        return self._respond(services.review_assign(review_id=self.get_object().pk, actor=request.user,
                                                    reviewer=form.validated_data["reviewer"]))

    @extend_schema(request=ChecklistDraftSerializer, responses=ReviewSerializer,
                   summary="保存审核清单草稿（审核人员；刷新或换一台电脑后仍在）")
    @action(detail=True, methods=["put"])
    def draft(self, request, pk=None):
        form = ChecklistDraftSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        return self._respond(services.review_save_draft(
            review_id=self.get_object().pk, actor=request.user, package_number=data["package"],
            verdicts=data["verdicts"], opinion=data["opinion"]))

    @extend_schema(request=ReviewOutcomeSerializer, responses=ReviewSerializer,
                   summary="出具审核意见：同意、纠正意见或建议移送（须逐项给出结论）")
    @action(detail=True, methods=["post"])
    def outcome(self, request, pk=None):
        form = ReviewOutcomeSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        review = services.review_record_outcome(
            review_id=self.get_object().pk, actor=request.user, package_number=data["package"],
            outcome=data["outcome"], verdicts=data["verdicts"], opinion=data["opinion"],
            correction_categories=data["correction_categories"], corrections=data["corrections"],
            on=data.get("date"))
        return self._respond(review)

    @extend_schema(request=ResubmitSerializer, responses=ReviewSerializer, summary="补正后重新提交（生成新版送审材料）")
    @action(detail=True, methods=["post"])
    def resubmit(self, request, pk=None):
        form = ResubmitSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        return self._respond(services.review_resubmit(review_id=self.get_object().pk, actor=request.user,
                                                      note=data.pop("note"), on=data.pop("date", None), data=data))

    @extend_schema(request=ReviewReasonSerializer, responses=ReviewSerializer, summary="延长审核期限3个工作日（负责人批准）")
    @action(detail=True, methods=["post"])
    def extend(self, request, pk=None):
        form = ReviewReasonSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        return self._respond(services.review_extend(review_id=self.get_object().pk, actor=request.user,
                                                    reason=form.validated_data["reason"]))

    @extend_schema(request=ReviewReasonSerializer, responses=ReviewSerializer, summary="承办人员对纠正意见提出异议")
    @action(detail=True, methods=["post"])
    def dispute(self, request, pk=None):
        form = ReviewReasonSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        return self._respond(services.review_dispute(review_id=self.get_object().pk, actor=request.user,
                                                     reason=form.validated_data["reason"]))

    @extend_schema(request=RereviewSerializer, responses=ReviewSerializer,
                   summary="对未通过的审核意见申请复核（承办人员，以一次为限，须写明理由）")
    @action(detail=True, methods=["post"])
    def rereview(self, request, pk=None):
        form = RereviewSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        return self._respond(services.review_request_rereview(review_id=self.get_object().pk, actor=request.user,
                                                              reason=data["reason"], on=data.get("date")))

    @extend_schema(request=ResolveDisputeSerializer, responses=ReviewSerializer, summary="集体讨论处理异议（负责人）")
    @action(detail=True, methods=["post"], url_path="resolve-dispute")
    def resolve_dispute(self, request, pk=None):
        form = ResolveDisputeSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        return self._respond(services.review_resolve_dispute(review_id=self.get_object().pk, actor=request.user,
                                                             result=data["result"], minutes=data["minutes"],
                                                             on=data.get("date")))

    @extend_schema(parameters=[OpenApiParameter("start", OpenApiTypes.DATE), OpenApiParameter("end", OpenApiTypes.DATE)],
                   responses=ReviewStatisticsSerializer, summary="审核统计：数量、通过率、用时、常见纠正原因")
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def statistics(self, request):
        today = timezone.localdate()
        try:
            start = datetime.date.fromisoformat(request.query_params.get("start") or f"{today.year}-01-01")
            end = datetime.date.fromisoformat(request.query_params.get("end") or today.isoformat())
        except ValueError:
            raise InvalidInput("日期格式应为 YYYY-MM-DD", "Dates are YYYY-MM-DD.",
                               fields={"start": ["日期格式应为 YYYY-MM-DD"]}) from None
        if end < start:
            raise InvalidInput("结束日期不能早于开始日期", "end is before start.", fields={"end": ["结束日期不能早于开始日期"]})
        return Response(ReviewStatisticsSerializer(selectors.review_statistics(user=request.user, start=start, end=end)).data)


class CatalogueViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                       viewsets.GenericViewSet):
    """重大执法决定法制审核目录清单。修改即发布新版本（POST 整个目录）。"""

    serializer_class = CatalogueSerializer
    permission_classes = [PredicatePermission]
    permission_rules = {"read": (is_staff_member, "仅工作人员可查看"), "write": (is_administrator, "仅系统管理员可维护目录")}
    ordering = ["-version"]

    def get_queryset(self):
        return restrict(Catalogue.objects.prefetch_related("entries"), self.request.user)

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = catalogue_publish_version(agency=self.request.user.unit.agency,
                                                        entries=data.pop("entries"), **data)


class ChecklistViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ChecklistSerializer
    permission_classes = [PredicatePermission]
    permission_rules = {"read": (is_staff_member, "仅工作人员可查看")}
    queryset = ChecklistTemplate.objects.all()
    ordering = ["-version"]



