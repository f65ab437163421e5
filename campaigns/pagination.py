"""One pagination for every list API: `?page=` and `?page_size=` (1 to 500, default 100);
the answer is `{"count", "next", "previous", "results"}`, so a long list is never cut
without saying so. A bad page or page size is a 400 naming the field."""

from django.utils.translation import ngettext
from drf_spectacular.utils import inline_serializer
from rest_framework import pagination, serializers

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 500


class PageQuerySerializer(serializers.Serializer):
    page = serializers.IntegerField(min_value=1, max_value=10**9, default=1)
    page_size = serializers.IntegerField(
        min_value=1, max_value=MAX_PAGE_SIZE, default=DEFAULT_PAGE_SIZE
    )


class Pagination(pagination.PageNumberPagination):
    page_size = DEFAULT_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def paginate_queryset(self, queryset, request, view=None):
        query = PageQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        self.request = request
        size, number = query.validated_data["page_size"], query.validated_data["page"]
        paginator = self.django_paginator_class(queryset, size)
        if number > paginator.num_pages:
            raise serializers.ValidationError(
                {
                    "page": [
                        ngettext(
                            "There is only %(n)d page.",
                            "There are only %(n)d pages.",
                            paginator.num_pages,
                        )
                        % {"n": paginator.num_pages}
                    ]
                }
            )
        self.page = paginator.page(number)
        return list(self.page)


def paginated_response(request, rows, serializer_class, *, context=None):
    """The page of `rows` (a queryset or a list, in its order) the request asks for."""
    paginator = Pagination()
    page = paginator.paginate_queryset(rows, request)
    data = serializer_class(page, many=True, context=context or {"request": request}).data
    return paginator.get_paginated_response(data)


def paginated_schema(serializer_class, name=None):
    """The OpenAPI answer of a paginated list of `serializer_class` (for extend_schema)."""
    base = serializer_class.__name__.removesuffix("Serializer")
    return inline_serializer(
        name or f"Paginated{base}List",
        {
            "count": serializers.IntegerField(),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": serializer_class(many=True),
        },
    )


PAGE_PARAMETERS = [PageQuerySerializer]
