from django.urls import path

from . import views

app_name = "billing"
urlpatterns = [
    path("prices/", views.price_list, name="prices"),
    path("prices/new/", views.price_create, name="price_create"),
    path("orders/<int:pk>/quote/", views.quote, name="quote"),
    path("orders/<int:pk>/consent/", views.consent, name="consent"),
    path("orders/<int:pk>/consent/phone/", views.consent_phone, name="consent_phone"),
    path("orders/<int:pk>/decline/", views.decline, name="decline"),
    path("orders/<int:pk>/invoice/", views.invoice, name="invoice"),
    path("orders/<int:pk>/invoice/issue/", views.invoice_issue, name="invoice_issue"),
    path("orders/<int:pk>/invoice/print/", views.invoice_print, name="invoice_print"),
    path("orders/<int:pk>/invoice/void/", views.invoice_void, name="invoice_void"),
    path("orders/<int:pk>/payment/", views.payment, name="payment"),
    path("orders/<int:pk>/discount/", views.discount, name="discount"),
    path("orders/<int:pk>/discount/decide/", views.discount_decide, name="discount_decide"),
    path("discounts/", views.discounts_pending, name="discounts"),
    path("cash/", views.handover, name="handover"),
    path("cash/receive/", views.handover_receive, name="handover_receive"),
]
