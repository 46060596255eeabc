from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularSwaggerView

from zhifa.core.api.schema_view import SchemaView
from zhifa.core.health import healthz
from zhifa.core.spa import serve_app
from zhifa.disclosure import views as disclosure_views

admin.site.site_header = "执法案卷管理系统（Zhifa）"
admin.site.site_title = "Zhifa 管理后台"
admin.site.index_title = "系统管理"


def superusers_only(request) -> bool:
    """Who may use the Django admin: superusers only. Its lists and forms span every agency, so an agency's
    administrator works in the app, inside the agency's scope (zhifa.core.scope); a staff flag set by
    mistake opens nothing here."""
    return request.user.is_active and request.user.is_superuser


admin.site.has_permission = superusers_only

api_patterns = [
    path("", include("zhifa.accounts.api.urls")),
    path("", include("zhifa.registry.api.urls")),
    path("", include("zhifa.calendar.api.urls")),
    path("", include("zhifa.audit.api.urls")),
    path("", include("zhifa.cases.api.urls")),
    path("", include("zhifa.reviews.api.urls")),
    path("", include("zhifa.evidence.api.urls")),
    path("", include("zhifa.disclosure.api.urls")),
    path("", include("zhifa.registers.api.urls")),
    path("", include("zhifa.notifications.api.urls")),
    path("", include("zhifa.exports.api.urls")),
    path("", include("zhifa.litigation.api.urls")),
    path("", include("zhifa.enforcement.api.urls")),
    path("", include("zhifa.sanctions.api.urls")),
    path("", include("zhifa.dashboard.api.urls")),
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/", include(api_patterns)),
    path("admin/", admin.site.urls),
    re_path(r"^app/(?P<path>.*)$", serve_app, name="app"),
    path("disclosure/search/", disclosure_views.search_page, name="disclosure-search"),
    re_path(r"^disclosure/(?P<path>.*)$", disclosure_views.serve_public_file, name="disclosure"),
]

handler404 = "zhifa.core.urls_handlers.not_found"
handler500 = "zhifa.core.urls_handlers.server_error"
