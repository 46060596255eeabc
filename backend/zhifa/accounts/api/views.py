from django.contrib.auth import login, logout, update_session_auth_hash
from django.middleware.csrf import get_token
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.authentication import CSRFCheck
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from zhifa.accounts import selectors, services
from zhifa.accounts.api.serializers import (
    CredentialSerializer,
    LoginSerializer,
    MeSerializer,
    PasswordResetResultSerializer,
    PasswordResetSerializer,
    SavedViewSerializer,
    SavedViewUpdateSerializer,
    TokenSerializer,
    UnitSerializer,
    UserCreateSerializer,
    UserSerializer,
)
from zhifa.accounts.filtersets import CredentialFilterSet, UserFilterSet
from zhifa.accounts.rules import is_administrator, is_staff_member
from zhifa.core.api.permissions import PredicatePermission
from zhifa.core.api.throttling import ScopedRateThrottle

STAFF_READ_ADMIN_WRITE = {
    "read": (is_staff_member, "仅本机关工作人员可查看"),
    "write": (is_administrator, "仅系统管理员可修改账户数据"),
}


def enforce_csrf(request) -> None:
    """The CSRF check DRF's SessionAuthentication makes for a signed-in user, made before anyone is signed in."""
    check = CSRFCheck(lambda _request: None)
    check.process_request(request)
    reason = check.process_view(request, None, (), {})
    if reason:
        raise exceptions.PermissionDenied(f"CSRF Failed: {reason}")


class LoginThrottled(APIView):
    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "login"


class TokenView(LoginThrottled):
    @extend_schema(request=LoginSerializer, responses=TokenSerializer, summary="用户名和密码换取 API 令牌")
    def post(self, request):
        data = LoginSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response({"token": services.token_sign_in(request=request, **data.validated_data)})


class SessionLoginView(LoginThrottled):
    """Session login for the web app. The sign-in itself checks CSRF (fetch /api/auth/csrf/ first): otherwise a
    cross-site form could sign a visitor in as the attacker (login CSRF), and whatever the visitor then records
    would be recorded in the attacker's name. Scripts sign in with /api/auth/token/, which sets no cookie."""

    @extend_schema(request=LoginSerializer, responses=MeSerializer, summary="会话登录（网页端）")
    def post(self, request):
        enforce_csrf(request)
        data = LoginSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = services.user_authenticate(request=request, **data.validated_data)
        login(request, user)
        return Response(MeSerializer(user).data)


class SessionLogoutView(APIView):
    @extend_schema(request=None, responses={204: None}, summary="退出登录")
    def post(self, request):
        logout(request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CsrfView(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses={200: {"type": "object", "properties": {"csrf_token": {"type": "string"}}}},
                   summary="获取 CSRF 令牌（同时写入 Cookie）")
    def get(self, request):
        return Response({"csrf_token": get_token(request)})


class MeView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=MeSerializer, summary="当前用户")
    def get(self, request):
        return Response(MeSerializer(request.user).data)


class UserViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                  mixins.UpdateModelMixin, viewsets.GenericViewSet):
    permission_classes = [PredicatePermission]
    permission_rules = STAFF_READ_ADMIN_WRITE
    filterset_class = UserFilterSet
    ordering_fields = ["id", "username", "role"]
    ordering = ["id"]

    def get_queryset(self):
        return selectors.user_list(user=self.request.user)

    def get_serializer_class(self):
        return UserCreateSerializer if self.action == "create" else UserSerializer

    def perform_create(self, serializer):
        serializer.instance = services.user_create(**serializer.validated_data)

    @extend_schema(request=None, responses=UserSerializer, summary="停用账户（同时作废其 API 令牌）")
    @action(detail=True, methods=["post"])
    def deactivate(self, request, pk=None):
        user = services.user_set_active(user=self.get_object(), active=False)
        return Response(UserSerializer(user).data)

    @extend_schema(request=None, responses=UserSerializer, summary="启用账户")
    @action(detail=True, methods=["post"])
    def activate(self, request, pk=None):
        user = services.user_set_active(user=self.get_object(), active=True)
        return Response(UserSerializer(user).data)


    @extend_schema(request=PasswordResetSerializer, responses=PasswordResetResultSerializer,
                   summary="重置密码（作废其 API 令牌和已登录的会话；不填密码则由系统生成并只返回这一次）")
    @action(detail=True, methods=["post"], url_path="reset-password")
    def reset_password(self, request, pk=None):
        user = self.get_object()
        data = PasswordResetSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        generated = services.user_reset_password(user=user, password=data.validated_data.get("password"))
        if user.pk == request.user.pk:
            update_session_auth_hash(request, user)  # resetting one's own password keeps this session
        return Response(PasswordResetResultSerializer({"user": user, "generated_password": generated},
                                                      context=self.get_serializer_context()).data)


class UnitViewSet(viewsets.ModelViewSet):
    permission_classes = [PredicatePermission]
    permission_rules = STAFF_READ_ADMIN_WRITE
    serializer_class = UnitSerializer
    filterset_fields = {"name": ["exact", "icontains"]}
    ordering_fields = ["id", "name"]
    ordering = ["id"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.unit_list(user=self.request.user)

    def perform_create(self, serializer):
        serializer.save(agency_id=self.request.user.agency_id)


class CredentialViewSet(viewsets.ModelViewSet):
    permission_classes = [PredicatePermission]
    permission_rules = STAFF_READ_ADMIN_WRITE
    serializer_class = CredentialSerializer
    filterset_class = CredentialFilterSet
    ordering_fields = ["id", "valid_to", "number"]
    ordering = ["id"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.credential_list(user=self.request.user)

    def perform_create(self, serializer):
        serializer.instance = services.credential_issue(**serializer.validated_data)


@extend_schema_view(
    list=extend_schema(
        summary="我保存的列表视图",
        parameters=[OpenApiParameter("list", str, description="只列出这个列表的视图，如 cases")],
    ),
    retrieve=extend_schema(summary="一个保存的视图"),
    create=extend_schema(summary="保存视图（同一列表已有同名视图时替换它）",
                         responses={200: SavedViewSerializer, 201: SavedViewSerializer}),
    partial_update=extend_schema(request=SavedViewUpdateSerializer, responses=SavedViewSerializer,
                                 summary="重命名视图或修改其筛选条件"),
    destroy=extend_schema(summary="删除视图"),
)
class SavedViewViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                       mixins.UpdateModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """Each user's saved views of the lists: only the user's own, newest first."""

    permission_classes = [IsAuthenticated]
    serializer_class = SavedViewSerializer
    pagination_class = None  # a few per list (services.MAX_SAVED_VIEWS)
    filter_backends = []
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return selectors.saved_view_list(user=self.request.user, list_name=self.request.query_params.get("list"))

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        view, created = services.saved_view_save(user=request.user, list_name=data["list_name"], name=data["name"],
                                                 query=data["query"])
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(SavedViewSerializer(view).data, status=code)

    def partial_update(self, request, *args, **kwargs):
        serializer = SavedViewUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        view = services.saved_view_update(view=self.get_object(), **serializer.validated_data)
        return Response(SavedViewSerializer(view).data)

    def perform_destroy(self, instance):
        services.saved_view_delete(view=instance)
