import datetime

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from zhifa.accounts.rules import is_staff_member
from zhifa.core.api.pagination import PublicSearchPagination
from zhifa.core.api.permissions import PredicatePermission
from zhifa.core.api.throttling import ScopedRateThrottle
from zhifa.core.concurrency import expected_version_from
from zhifa.core.confidential import keep_hidden
from zhifa.core.exceptions import InvalidInput, PermissionRefused
from zhifa.disclosure import exports, selectors, services
from zhifa.disclosure.api.serializers import (
    AlarmSerializer,
    NoticeCreateSerializer,
    NoticeDetailSerializer,
    NoticeSerializer,
    NoticeUpdateSerializer,
    NotPublishSerializer,
    PublicNoticeSerializer,
    WithdrawSerializer,
)
from zhifa.disclosure.choices import NoticeKind, NoticeState, Severity, WithdrawalTrigger
from zhifa.disclosure.filtersets import NoticeFilterSet
from zhifa.registry.selectors import illegal_organisation_list


class NoticeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """公示事项（内部）：草稿、隐私处理、审批发布、撤回。"""

    permission_classes = [PredicatePermission]
    permission_rules = {"read": (is_staff_member, "仅本机关工作人员可查看"), "write": (is_staff_member, "仅本机关工作人员可操作")}
    filterset_class = NoticeFilterSet
    ordering_fields = ["id", "due_date", "published_at"]
    ordering = ["-id"]

    def get_queryset(self):
        return selectors.notice_list(user=self.request.user)

    def get_serializer_class(self):
        return NoticeSerializer if self.action == "list" else NoticeDetailSerializer

    def _respond(self, notice, code=status.HTTP_200_OK):
        notice = self.get_queryset().prefetch_related("steps__actor").get(pk=notice.pk)
        return Response(NoticeDetailSerializer(notice, context=self.get_serializer_context()).data, status=code)

    @extend_schema(request=NoticeCreateSerializer, responses={201: NoticeDetailSerializer},
                   summary="新建通知公告、非法社会组织公告或执法信息公示")
    def create(self, request):
        form = NoticeCreateSerializer(data=request.data, context=self.get_serializer_context())
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        listed = [organisation.pk for organisation in data.pop("illegal_organisations")]
        if data["kind"] == NoticeKind.ILLEGAL_ORGANISATIONS:
            organisations = list(illegal_organisation_list(user=request.user).filter(pk__in=listed))
            if not organisations or len(organisations) != len(set(listed)):
                raise InvalidInput("请选择列入公告的非法社会组织", "Choose the organisations to announce.",
                                   fields={"illegal_organisations": ["请选择本机关登记的非法社会组织"]})
            data["body"] += "\n\n" + "\n".join(f"{i}. {o.name}（活动地域：{o.activity_area}）"
                                               for i, o in enumerate(organisations, 1))
        if request.user.role != "disclosure_editor":
            raise_permission()
        notice = services.notice_create(actor=request.user, **data)
        return self._respond(notice, status.HTTP_201_CREATED)

    @extend_schema(request=NoticeUpdateSerializer, responses=NoticeDetailSerializer,
                   summary="修改草稿（另行隐去、失信程度、公示期）")
    def partial_update(self, request, pk=None):
        form = NoticeUpdateSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = {k: v for k, v in form.validated_data.items() if k != "version"}
        notice = self.get_object()
        if request.user.role != "disclosure_editor":
            raise_permission()
        if notice.case_id:  # the editor saw the case's confidential data hidden: it is not written back hidden
            data = keep_hidden(data, stored=notice, user=request.user, subject=notice.case)
        return self._respond(services.notice_update(notice_id=notice.pk, actor=request.user,
                                                    expected_version=expected_version_from(request), **data))

    @extend_schema(request=None, responses=NoticeDetailSerializer, summary="核查隐私处理（公示管理员）")
    @action(detail=True, methods=["post"], url_path="check-redaction")
    def check_redaction(self, request, pk=None):
        return self._respond(services.notice_check_redaction(notice_id=self.get_object().pk, actor=request.user,
                                                             expected_version=expected_version_from(request)))

    @extend_schema(request=None, responses=NoticeDetailSerializer, summary="审批并发布（由 Celery 写入公示网站）")
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._respond(services.notice_approve(notice_id=self.get_object().pk, actor=request.user,
                                                     expected_version=expected_version_from(request)))

    @extend_schema(request=NotPublishSerializer, responses=NoticeDetailSerializer, summary="决定不予公示（须说明理由）")
    @action(detail=True, methods=["post"], url_path="do-not-publish")
    def do_not_publish(self, request, pk=None):
        form = NotPublishSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        return self._respond(services.notice_mark_not_published(notice_id=self.get_object().pk, actor=request.user,
                                                                **form.validated_data))

    @extend_schema(request=WithdrawSerializer, responses=NoticeDetailSerializer, summary="撤回已发布的公示（须说明理由）")
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        form = WithdrawSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        return self._respond(services.notice_withdraw(notice_id=self.get_object().pk, actor=request.user,
                                                      reason=form.validated_data["reason"],
                                                      trigger=WithdrawalTrigger.EDITOR))

    @extend_schema(responses=AlarmSerializer(many=True), summary="公示期限预警：待发布将到期或已逾期、撤回超过3个工作日")
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def alarms(self, request):
        return Response(AlarmSerializer(selectors.disclosure_alarms(user=request.user), many=True).data)

    @extend_schema(parameters=[OpenApiParameter("format", OpenApiTypes.STR, enum=["csv", "xlsx"])],
                   responses={(200, "text/csv"): OpenApiTypes.BINARY,
                              (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"):
                              OpenApiTypes.BINARY},
                   summary="双公示数据导出（已公示的行政处罚）")
    @action(detail=False, methods=["get"], pagination_class=None, filter_backends=[])
    def export(self, request):
        kind = request.query_params.get("format", "csv")
        if kind not in ("csv", "xlsx"):
            raise InvalidInput("format 只能是 csv 或 xlsx", "format must be csv or xlsx", fields={"format": ["只能是 csv 或 xlsx"]})
        # A minor breach (a warning alone, 不予处罚) is published on the site but not on the credit platform.
        notices = self.get_queryset().filter(state=NoticeState.PUBLISHED, kind__in=[
            NoticeKind.PENALTY_DECISION, NoticeKind.DEREGISTRATION]).exclude(severity=Severity.MINOR) \
            .order_by("published_at", "id")
        content = exports.as_csv(notices) if kind == "csv" else exports.as_xlsx(notices)
        types = {"csv": "text/csv; charset=utf-8",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        response = HttpResponse(content, content_type=types[kind])
        response["Content-Disposition"] = f'attachment; filename="shuanggongshi-{datetime.date.today()}.{kind}"'
        return response


def raise_permission():
    raise PermissionRefused("此操作须由公示管理员执行", "Only disclosure editors may do this.")


@extend_schema(parameters=[
    OpenApiParameter("q", OpenApiTypes.STR, description="当事人名称等关键词"),
    OpenApiParameter("credit_code", OpenApiTypes.STR), OpenApiParameter("document_number", OpenApiTypes.STR),
    OpenApiParameter("published_after", OpenApiTypes.DATE), OpenApiParameter("published_before", OpenApiTypes.DATE),
    OpenApiParameter("kind", OpenApiTypes.STR, enum=NoticeKind.values, description="公示类别"),
], summary="公众查询已公示的信息（无需登录；只含隐私处理后的内容）")
class PublicNoticeViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = PublicNoticeSerializer
    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "public_search"
    filter_backends = []
    pagination_class = PublicSearchPagination

    def get_queryset(self):
        return selectors.public_notices(**public_search_params(self.request.query_params))


def public_search_params(params) -> dict:
    values, errors = {}, {}
    for name in ("q", "credit_code", "document_number"):
        value = params.get(name, "")
        if len(value) > 100:
            errors[name] = ["不能超过100个字符"]
        elif "\x00" in value:  # PostgreSQL text cannot hold NUL: refuse it here, not in SQL
            errors[name] = ["不能包含空字符"]
        values[name] = value[:100]
    if params.get("kind"):
        if params["kind"] in NoticeKind.values:
            values["kind"] = params["kind"]
        else:
            errors["kind"] = ["公示类别不存在"]
    for name in ("published_after", "published_before"):
        if params.get(name):
            try:
                values[name] = datetime.date.fromisoformat(params[name])
            except ValueError:
                errors[name] = ["日期格式应为 YYYY-MM-DD"]
    if errors:
        raise InvalidInput("查询条件有误", "Invalid search parameters.", fields=errors)
    return values
