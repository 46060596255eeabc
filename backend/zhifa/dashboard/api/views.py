from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from zhifa.accounts.rules import is_staff_member
from zhifa.core.api.permissions import PredicatePermission
from zhifa.dashboard import selectors
from zhifa.dashboard.api.serializers import DashboardSerializer


class DashboardView(APIView):
    """工作台：当前用户角色的待办、临期期限、告警和本机关统计，一次请求返回。"""

    permission_classes = [PredicatePermission]
    permission_rules = {"read": (is_staff_member, "仅本机关工作人员可查看工作台")}

    @extend_schema(responses=DashboardSerializer, summary="工作台（按当前用户角色：待办、临期期限、告警、统计、服务器日期）")
    def get(self, request):
        return Response(DashboardSerializer(selectors.dashboard(user=request.user)).data)
