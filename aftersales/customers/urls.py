from django.urls import path

from . import views

app_name = "customers"
urlpatterns = [
    path("", views.customer_list, name="list"),
    path("new/", views.customer_create, name="create"),
    path("<int:pk>/", views.customer_detail, name="detail"),
    path("<int:pk>/edit/", views.customer_edit, name="edit"),
    path("<int:pk>/contacts/", views.contact_add, name="contact_add"),
    path("<int:pk>/units/new/", views.unit_register, name="unit_register"),
    path("units/", views.unit_list, name="units"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("models/", views.model_list, name="models"),
    path("models/new/", views.model_create, name="model_create"),
    path("outlets/", views.outlet_list, name="outlets"),
    path("outlets/new/", views.outlet_create, name="outlet_create"),
]
