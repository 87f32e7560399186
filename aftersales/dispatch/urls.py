from django.urls import path

from . import views

app_name = "dispatch"
urlpatterns = [
    path("technicians/", views.technician_list, name="technicians"),
    path("technicians/<int:pk>/certify/", views.technician_certify, name="technician_certify"),
]
