"""The API's request parsers. Every one hands the view text already normalised (zhifa.core.text): whatever
field, list or JSON document a string ends up in, it holds no NUL, control or bidi-override character."""

from django.http import QueryDict
from rest_framework.exceptions import ParseError
from rest_framework.parsers import DataAndFiles, FormParser, JSONParser, MultiPartParser

from zhifa.core.text import clean_filename, clean_text


def clean_data(value):
    """Every string in a parsed body, keys included, through the one normaliser."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_text(key): clean_data(item) for key, item in value.items()}
    if isinstance(value, list):
        return [clean_data(item) for item in value]
    return value


def clean_query_dict(data: QueryDict) -> QueryDict:
    cleaned = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        cleaned.setlist(clean_text(key), [clean_text(value) for value in values])
    cleaned._mutable = False
    return cleaned


class SafeJSONParser(JSONParser):
    """JSON parser that turns absurdly deep nesting into a 400 instead of a RecursionError (500)."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return clean_data(super().parse(stream, media_type, parser_context))
        except RecursionError as exc:
            raise ParseError("JSON 嵌套层级过深。") from exc


class CleanFormParser(FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        return clean_query_dict(super().parse(stream, media_type, parser_context))


class CleanMultiPartParser(MultiPartParser):
    """Form fields normalised; an uploaded file's name too (NFC, no controls, no bidi, no path)."""

    def parse(self, stream, media_type=None, parser_context=None):
        parsed = super().parse(stream, media_type, parser_context)
        for upload in parsed.files.values():
            upload.name = clean_filename(upload.name) or "file"
        return DataAndFiles(clean_query_dict(parsed.data), parsed.files)
