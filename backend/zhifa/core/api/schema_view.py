"""The schema's view (a module of its own: drf-spectacular's views import the schema class in schema.py)."""

from django.utils.translation import get_language
from drf_spectacular.views import SpectacularAPIView
from rest_framework.response import Response


class SchemaView(SpectacularAPIView):
    """GET /api/schema/. The schema can't change while a process runs, and building it takes seconds: it is
    built once per language, version and host, not on every request (clients and fuzzers load it often, and
    a slow answer under load made them time out)."""

    _built: dict = {}

    def _get_schema_response(self, request):
        version = self.api_version or request.version or self._get_version_parameter(request)
        key = (get_language(), version, request.get_host())
        if key not in self._built:
            generator = self.generator_class(urlconf=self.urlconf, api_version=version, patterns=self.patterns)
            self._built[key] = generator.get_schema(request=request, public=self.serve_public)
        return Response(data=self._built[key],
                        headers={"Content-Disposition": f'inline; filename="{self._get_filename(request, version)}"'})
