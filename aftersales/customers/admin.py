from django.contrib import admin

from .models import FaultType, ProductCategory


class FaultTypeInline(admin.TabularInline):
    model = FaultType
    extra = 1


@admin.register(ProductCategory)
class ProductCategoryAdmin(admin.ModelAdmin):
    list_display = ("code", "name")
    inlines = [FaultTypeInline]
