"""Savdo's own tables, read as they are (`managed = False`: Django never creates or migrates them)."""
from django.db import models


class Product(models.Model):
    """`products`: money in tiyin (1/100 so'm), quantities in thousandths, times in Unix seconds."""

    id = models.BigAutoField(primary_key=True)
    company_id = models.BigIntegerField()
    code = models.TextField()
    code_1c = models.TextField(null=True)
    barcode = models.TextField(null=True)
    name = models.TextField()
    search_text = models.TextField()
    unit = models.TextField()
    purchase_price = models.BigIntegerField()
    sale_price = models.BigIntegerField()
    wholesale_price = models.BigIntegerField(null=True)
    vat_rate_bp = models.BigIntegerField()
    min_qty = models.BigIntegerField()
    group_name = models.TextField(null=True)
    description = models.TextField(null=True)
    created_at = models.BigIntegerField()
    updated_at = models.BigIntegerField()

    class Meta:
        managed = False
        db_table = "products"


class Stock(models.Model):
    """`stock`: a product's quantity in one branch (thousandths)."""

    pk = models.CompositePrimaryKey("branch_id", "product_id")
    company_id = models.BigIntegerField()
    branch_id = models.BigIntegerField()
    product = models.ForeignKey(
        Product, models.DO_NOTHING, db_column="product_id", db_constraint=False, related_name="stock_rows"
    )
    qty = models.BigIntegerField()

    class Meta:
        managed = False
        db_table = "stock"


class Image(models.Model):
    """`images`: pictures of products, clients and projects. Only the columns a list shows are
    declared, so the pictures themselves (BLOB/BYTEA) are never read."""

    id = models.BigAutoField(primary_key=True)
    company_id = models.BigIntegerField()
    entity_type = models.TextField()
    # A product's id when entity_type is 'nomenklatura' (the only kind read here).
    product = models.ForeignKey(
        Product, models.DO_NOTHING, db_column="entity_id", db_constraint=False, related_name="images"
    )
    is_main = models.BigIntegerField()
    status = models.TextField()
    width = models.BigIntegerField()
    height = models.BigIntegerField()
    sha256 = models.TextField()
    created_at = models.BigIntegerField()

    class Meta:
        managed = False
        db_table = "images"
