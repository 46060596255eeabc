"""The review's packages are typed in the OpenAPI schema, so the web app's generated client knows their shape
(version, content, changes since the previous version, outcome, verdicts, opinion document)."""

from drf_spectacular.generators import SchemaGenerator


def test_review_packages_are_described_in_the_schema():
    schemas = SchemaGenerator().get_schema(request=None, public=True)["components"]["schemas"]
    packages = schemas["Review"]["properties"]["packages"]
    assert packages["type"] == "array" and packages["items"] == {"$ref": "#/components/schemas/Package"}
    package = schemas["Package"]["properties"]
    for field in ("number", "content", "changes", "outcome", "verdicts", "opinion_document", "opinion_document_number"):
        assert field in package
    assert package["verdicts"]["items"] == {"$ref": "#/components/schemas/ItemVerdict"}
