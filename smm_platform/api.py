"""Shared pieces of the REST API: pagination and the error schema."""

from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """Pages with ``count``, ``next``, ``previous`` and ``results``; ``page_size`` up to 500."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
