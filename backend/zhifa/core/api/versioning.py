class VersionETagMixin:
    """Every single-object answer carries the object's version as its ETag, for If-Match on the next
    write (reads, edits and procedure steps alike)."""

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        data = getattr(response, "data", None)
        if 200 <= response.status_code < 300 and isinstance(data, dict) and "version" in data and "id" in data:
            response["ETag"] = f'"{data["version"]}"'
        return response
