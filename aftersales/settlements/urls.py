from django.urls import path

from . import views

app_name = "settlements"
urlpatterns = [
    path("", views.settlement_list, name="list"),
    path("build/", views.settlement_build, name="build"),
    path("<int:pk>/", views.settlement_detail, name="detail"),
    path("<int:pk>/print/", views.settlement_print, name="print"),
    path("<int:pk>/rebuild/", views.settlement_rebuild, name="rebuild"),
    path("<int:pk>/confirm/", views.settlement_confirm, name="confirm"),
    path("<int:pk>/pay/", views.settlement_pay, name="pay"),
    path("rates/", views.rate_list, name="rates"),
    path("rates/new/", views.rate_create, name="rate_create"),
    path("rates/<int:pk>/", views.rate_edit, name="rate_edit"),
]
