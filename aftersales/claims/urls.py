from django.urls import path

from . import views

app_name = "claims"
urlpatterns = [
    path("", views.claim_list, name="list"),
    path("new/", views.claim_create, name="create"),
    path("outstanding/", views.outstanding, name="outstanding"),
    path("rates/", views.rate_list, name="rates"),
    path("rates/new/", views.rate_create, name="rate_create"),
    path("<int:pk>/", views.claim_detail, name="detail"),
    path("<int:pk>/submit/", views.claim_submit, name="submit"),
    path("<int:pk>/accept/", views.claim_accept, name="accept"),
    path("<int:pk>/reject/", views.claim_reject, name="reject"),
    path("<int:pk>/pay/", views.claim_pay, name="pay"),
    path("<int:pk>/cancel/", views.claim_cancel, name="cancel"),
    path("<int:pk>/include/", views.claim_include, name="include"),
    path("part-orders/", views.part_order_list, name="part_orders"),
    path("part-orders/for/<int:pk>/", views.part_order_create, name="part_order_create"),
    path("part-orders/<int:pk>/", views.part_order_detail, name="part_order_detail"),
    path("part-orders/<int:pk>/approve/", views.part_order_approve, name="part_order_approve"),
    path("part-orders/<int:pk>/confirm/", views.part_order_confirm, name="part_order_confirm"),
    path("part-orders/<int:pk>/ordered/", views.part_order_ordered, name="part_order_ordered"),
    path("part-orders/<int:pk>/arrived/", views.part_order_arrived, name="part_order_arrived"),
    path("part-orders/<int:pk>/fit/", views.part_order_fit, name="part_order_fit"),
    path("part-orders/<int:pk>/cancel/", views.part_order_cancel, name="part_order_cancel"),
]
