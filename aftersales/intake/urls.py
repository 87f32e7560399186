from django.urls import path

from . import views

app_name = "intake"
urlpatterns = [
    path("", views.call_list, name="list"),
    path("new/", views.call_new, name="new"),
    path("lookup/", views.customer_lookup, name="customer_lookup"),
    path("<int:pk>/", views.call_detail, name="detail"),
    path("<int:pk>/solve/", views.call_solve, name="solve"),
    path("<int:pk>/work-order/", views.call_open_work_order, name="open_work_order"),
]
