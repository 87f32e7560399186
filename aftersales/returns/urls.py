from django.urls import path

from . import views

app_name = "returns"
urlpatterns = [
    path("", views.return_list, name="list"),
    path("new/", views.return_create, name="create"),
    path("<int:pk>/", views.return_detail, name="detail"),
    path("<int:pk>/decide/", views.return_decide, name="decide"),
    path("<int:pk>/resolutions/", views.resolution_add, name="resolve"),
    path("<int:pk>/complete/", views.return_complete, name="complete"),
    path("unit/<int:pk>/", views.unit_panel, name="unit_panel"),
]
