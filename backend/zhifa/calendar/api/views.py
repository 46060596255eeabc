from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from zhifa.accounts.rules import is_administrator, is_staff_member
from zhifa.calendar import engine, selectors, services
from zhifa.calendar.api.serializers import (
    CalendarDaySerializer,
    CalendarYearCompleteSerializer,
    CalendarYearIncompleteSerializer,
    CalendarYearStatusSerializer,
    DeadlineQuerySerializer,
    DeadlineSerializer,
)
from zhifa.calendar.choices import PeriodUnit
from zhifa.calendar.filtersets import CalendarDayFilterSet
from zhifa.core.api.permissions import PredicatePermission

STAFF_READ_ADMIN_WRITE = {
    "read": (is_staff_member, "仅工作人员可查看工作日历"),
    "write": (is_administrator, "仅系统管理员可维护工作日历"),
}

_ERROR_400 = OpenApiResponse(description="参数有误；fields 中按字段名（start、days、unit）列出原因")


def _basis(start, amount: int, unit: str, deadline: engine.Deadline) -> str:
    if amount == 0:
        text = "期限为零，届满日即起算日"
    elif unit == PeriodUnit.WORKING:
        text = f"自 {start.isoformat()} 次日起计算 {amount} 个工作日（法定节假日、休息日不计，调休上班日计入）"
    else:
        period = f"{amount} 日" if unit == PeriodUnit.CALENDAR else f"{amount} 个月（无对应日的取该月末日）"
        text = (f"自 {start.isoformat()} 次日起计算 {period}；届满日为法定节假日或休息日的，"
                f"顺延至其后第一个工作日（民事诉讼法第八十五条）")
    if deadline.provisional:
        years = "、".join(str(year) for year in deadline.unofficial_years)
        text += f"；{years} 年尚无官方节假日安排，按周一至周五扣除法定节假日（含补假，调休未计入）计算，结果为暂定"
    return text


class DeadlineCalcView(APIView):
    @extend_schema(
        summary="计算法定期限届满日",
        description="工作日期限不计起算日，节假日和休息日不计，调休上班日计入；自然日和按月期限不计起算日，"
                    "届满日遇法定节假日或休息日顺延。涉及尚无官方节假日安排的年度时按周一至周五扣除"
                    "《全国年节及纪念日放假办法》规定的法定节假日（按农历和节气推算）计算，并返回 provisional=true。",
        parameters=[DeadlineQuerySerializer],
        responses={200: DeadlineSerializer, 400: _ERROR_400},
    )
    def get(self, request):
        query = DeadlineQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        start, amount, unit = (query.validated_data[key] for key in ("start", "days", "unit"))
        deadline = engine.compute_deadline(start, amount, unit)
        return Response(DeadlineSerializer({
            "due": deadline.due, "provisional": deadline.provisional, "start": start, "days": amount,
            "unit": unit, "unofficial_years": list(deadline.unofficial_years),
            "basis": _basis(start, amount, unit, deadline),
        }).data)


class CalendarDayViewSet(viewsets.ModelViewSet):
    # Entries of the holiday arrangement; each overrides the built-in data for its date.
    permission_classes = [PredicatePermission]
    permission_rules = STAFF_READ_ADMIN_WRITE
    serializer_class = CalendarDaySerializer
    filterset_class = CalendarDayFilterSet
    ordering_fields = ["date"]
    ordering = ["date"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return selectors.calendar_day_list()

    @extend_schema(
        summary="录入某日的节假日安排（该日已有记录时覆盖）",
        responses={201: CalendarDaySerializer, 200: CalendarDaySerializer},
    )
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        day, created = services.calendar_day_set(**serializer.validated_data)
        return Response(self.get_serializer(day).data,
                        status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    def perform_update(self, serializer):
        serializer.instance = services.calendar_day_update(day=serializer.instance, **serializer.validated_data)

    def perform_destroy(self, instance):
        services.calendar_day_delete(day=instance)


_YEAR_PATH = OpenApiParameter("year", int, OpenApiParameter.PATH, description="年度，如 2027")


class CalendarYearViewSet(viewsets.GenericViewSet):
    # Which years have an official calendar; administrators mark an entered year complete.
    # Years are computed statuses, not rows, so there is no queryset to filter.
    permission_classes = [PredicatePermission]
    permission_rules = STAFF_READ_ADMIN_WRITE
    serializer_class = CalendarYearStatusSerializer
    filter_backends = []
    lookup_field = "year"
    lookup_value_regex = r"[0-9]{4}"

    @extend_schema(summary="各年度工作日历状态（新年度在前）")
    def list(self, request):
        statuses = selectors.calendar_year_statuses()
        page = self.paginate_queryset(statuses)
        return self.get_paginated_response(CalendarYearStatusSerializer(page, many=True).data)

    @extend_schema(summary="某年度工作日历状态", parameters=[_YEAR_PATH])
    def retrieve(self, request, year=None):
        return Response(CalendarYearStatusSerializer(selectors.calendar_year_status(year=int(year))).data)

    @extend_schema(
        summary="标记某年度节假日安排已完整录入（此后该年度期限不再为暂定）",
        parameters=[_YEAR_PATH], request=CalendarYearCompleteSerializer, responses=CalendarYearStatusSerializer,
    )
    @action(detail=True, methods=["post"])
    def complete(self, request, year=None):
        data = CalendarYearCompleteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.calendar_year_mark_complete(year=int(year), **data.validated_data)
        return Response(CalendarYearStatusSerializer(selectors.calendar_year_status(year=int(year))).data)

    @extend_schema(
        summary="撤销某年度的完整录入标记（该年度期限恢复为暂定）",
        parameters=[_YEAR_PATH], request=CalendarYearIncompleteSerializer, responses=CalendarYearStatusSerializer,
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request, year=None):
        data = CalendarYearIncompleteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.calendar_year_mark_incomplete(year=int(year), **data.validated_data)
        return Response(CalendarYearStatusSerializer(selectors.calendar_year_status(year=int(year))).data)
