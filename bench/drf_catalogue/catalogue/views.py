"""`GET /api/v1/nomenklatura/?search=&ordering=&page=&page_size=` as DRF's generic views do it."""
from django.conf import settings
from django.db.models import BigIntegerField, OuterRef, Prefetch, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from rest_framework import filters, generics
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny

from .models import Image, Product, Stock
from .serializers import NomenklaturaSerializer


class Pages(PageNumberPagination):
    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100


class Ordering(filters.OrderingFilter):
    """The requested fields, then Savdo's default as the tie-breaker: newest first, then by id."""

    def get_ordering(self, request, queryset, view):
        return [*(super().get_ordering(request, queryset, view) or []), "-created_at", "-id"]


class NomenklaturaList(generics.ListAPIView):
    serializer_class = NomenklaturaSerializer
    pagination_class = Pages
    # No authentication (see settings.REST_FRAMEWORK): this favours DRF, Savdo checks a JWT.
    authentication_classes = []
    permission_classes = [AllowAny]
    filter_backends = [filters.SearchFilter, Ordering]
    # icontains over each; Savdo searches its search_text ("name code barcode"), code_1c and group.
    search_fields = ["name", "code", "barcode", "code_1c", "group_name"]
    ordering_fields = ["id", "code_1c", "name", "sale_price", "created_at", "updated_at"]

    def get_queryset(self):
        company = settings.SAVDO_COMPANY_ID
        stock = (
            Stock.objects.filter(product=OuterRef("pk"))
            .order_by()
            .values("product")
            .annotate(total=Sum("qty"))
            .values("total")
        )
        images = Image.objects.filter(company_id=company, entity_type="nomenklatura").order_by(
            "-is_main", "-created_at", "-id"
        )
        return (
            Product.objects.filter(company_id=company)
            .annotate(stock_qty=Coalesce(Subquery(stock), Value(0), output_field=BigIntegerField()))
            .prefetch_related(Prefetch("images", queryset=images))
        )
