from rest_framework.pagination import CursorPagination, PageNumberPagination


class StandardPagination(PageNumberPagination):
    """Page numbers for short lists, where jumping to page N is useful."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


class LargeListPagination(CursorPagination):
    """Cursor pagination for lists that grow without bound: cost does not grow with the page number.

    The client's `ordering` (OrderingFilter) is honoured; `-id` breaks ties.
    """

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    ordering = "-id"


class PublicSearchPagination(CursorPagination):
    """The public search over every published notice: newest first, and no total. A page costs the same
    for a term found in every notice as for a rare one; a total would have to count them all."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = ("-published_at", "-id")
