"""The list's JSON, field for field as Savdo's `Nomenklatura` (src/http/catalogue/nomenklatura.rs)."""
from datetime import datetime
from decimal import Decimal
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.conf import settings
from rest_framework import serializers

from .models import Image, Product


@lru_cache(maxsize=1)
def company_zone() -> ZoneInfo:
    return ZoneInfo(settings.SAVDO_TIME_ZONE)


class Tiyin(serializers.DecimalField):
    """An amount kept in tiyin, shown as so'm with two decimals (`"15000.50"`)."""

    def __init__(self, **kwargs):
        super().__init__(max_digits=20, decimal_places=2, **kwargs)

    def to_representation(self, value):
        return super().to_representation(Decimal(value).scaleb(-2))


class Thousandths(serializers.Field):
    """A quantity kept in thousandths: two decimals, three where it has them (`"12.50"`, `"0.125"`)."""

    def to_representation(self, value):
        places = 2 if value % 10 == 0 else 3
        return f"{Decimal(value).scaleb(-3):.{places}f}"


class UnixTime(serializers.Field):
    """Unix seconds as ISO 8601 in the company's zone (`2026-12-01T09:30:00+05:00`)."""

    def to_representation(self, value):
        return datetime.fromtimestamp(value, company_zone()).isoformat()


class ImageSerializer(serializers.ModelSerializer):
    image_url = serializers.SerializerMethodField()
    image_sm_url = serializers.SerializerMethodField()
    image_md_url = serializers.SerializerMethodField()
    image_lg_url = serializers.SerializerMethodField()
    image_thumbnail_url = serializers.SerializerMethodField()
    is_main = serializers.BooleanField()
    created_at = UnixTime()

    class Meta:
        model = Image
        fields = [
            "id", "image_url", "image_sm_url", "image_md_url", "image_lg_url", "image_thumbnail_url",
            "is_main", "status", "width", "height", "created_at",
        ]

    def _url(self, image, size):
        host = self.context["request"].get_host()
        return f"http://{host}/api/v1/images/{image.id}/{image.sha256[:16]}/{size}"

    def get_image_url(self, image):
        return self._url(image, "original")

    def get_image_sm_url(self, image):
        return self._url(image, "thumbnail")

    def get_image_md_url(self, image):
        return self._url(image, "md")

    def get_image_lg_url(self, image):
        return self._url(image, "original")

    def get_image_thumbnail_url(self, image):
        return self._url(image, "thumbnail")


class NomenklaturaSerializer(serializers.ModelSerializer):
    project = serializers.SerializerMethodField()
    article_code = serializers.CharField(source="code")
    sku = serializers.CharField(source="code")
    title = serializers.SerializerMethodField()
    category = serializers.CharField(source="group_name", allow_null=True)
    unit_of_measure = serializers.CharField(source="unit")
    base_price = Tiyin(source="sale_price")
    sale_price = Tiyin()
    cost_price = Tiyin(source="purchase_price")
    wholesale_price = Tiyin(allow_null=True)
    currency = serializers.SerializerMethodField()
    tax_rate = Tiyin(source="vat_rate_bp")
    stock_quantity = Thousandths(source="stock_qty")
    min_stock = Thousandths(source="min_qty")
    is_active = serializers.SerializerMethodField()
    is_deleted = serializers.SerializerMethodField()
    created_at = UnixTime()
    updated_at = UnixTime()
    images = ImageSerializer(many=True)

    class Meta:
        model = Product
        fields = [
            "id", "project", "code_1c", "article_code", "sku", "name", "title", "description", "barcode",
            "category", "unit_of_measure", "base_price", "sale_price", "cost_price", "wholesale_price",
            "currency", "tax_rate", "stock_quantity", "min_stock", "is_active", "is_deleted",
            "created_at", "updated_at", "images",
        ]
        read_only_fields = fields

    def get_project(self, product):
        return None

    def get_title(self, product):
        return None

    def get_currency(self, product):
        return "UZS"

    def get_is_active(self, product):
        return True

    def get_is_deleted(self, product):
        return False
