from django.urls import path

from . import views
from .models import StockDocument

Kind = StockDocument.Kind

app_name = "parts"
urlpatterns = [
    path("", views.stock_list, name="stock"),
    path("documents/", views.document_list, name="documents"),
    path("documents/<int:pk>/", views.document_detail, name="document_detail"),
    path("receive/", views.document_create, {"kind": Kind.RECEIPT}, name="receive"),
    path("transfer/", views.document_create, {"kind": Kind.TRANSFER}, name="transfer"),
    path("issue/", views.document_create, {"kind": Kind.ISSUE}, name="issue"),
    path("return-old/", views.document_create, {"kind": Kind.OLD_PART_RETURN}, name="return_old"),
    path("scrap/", views.document_create, {"kind": Kind.SCRAP}, name="scrap"),
    path("charge/", views.document_create, {"kind": Kind.CHARGE}, name="charge"),
    path(
        "to-manufacturer/",
        views.document_create,
        {"kind": Kind.MANUFACTURER_RETURN},
        name="manufacturer_return",
    ),
    path("catalogue/", views.part_list, name="catalogue"),
    path("catalogue/new/", views.part_create, name="part_create"),
    path("catalogue/<int:pk>/edit/", views.part_edit, name="part_edit"),
    path("warehouses/", views.warehouse_list, name="warehouses"),
    path("warehouses/new/", views.warehouse_create, name="warehouse_create"),
    path("warehouses/<int:pk>/edit/", views.warehouse_edit, name="warehouse_edit"),
    path("cost/", views.cost_report, name="cost_report"),
    path("cost/export.xlsx", views.cost_report_xlsx, name="cost_report_xlsx"),
    path("units/<int:pk>/", views.unit_parts, name="unit_parts"),
    path("reorder/", views.reorder_list, name="reorder"),
    path("reorder/set/", views.reorder_point_set, name="reorder_point_set"),
    path("work-orders/<int:pk>/", views.order_parts, name="order_parts"),
    path("purchases/", views.purchase_list, name="purchases"),
    path("purchases/new/", views.purchase_create, name="purchase_create"),
    path("purchases/<int:pk>/", views.purchase_detail, name="purchase_detail"),
    path("purchases/<int:pk>/quotes/", views.purchase_quote, name="purchase_quote"),
    path("purchases/<int:pk>/decide/", views.purchase_decide, name="purchase_decide"),
]
