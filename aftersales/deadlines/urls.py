from django.urls import path

from . import views

app_name = "deadlines"
urlpatterns = [
    path("work-orders/<int:pk>/hold/", views.hold, name="hold"),
    path("work-orders/<int:pk>/resume/", views.resume, name="resume"),
]
