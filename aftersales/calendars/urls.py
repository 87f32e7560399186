from django.urls import path

from . import views

app_name = "calendars"
urlpatterns = [
    path("", views.index, name="index"),
    path("branches/<int:pk>/", views.branch_calendar, name="branch"),
    path("branches/<int:pk>/hours/", views.hours_edit, name="hours_edit"),
    path("days/", views.days, name="days"),
    path("days/add/", views.day_add, name="day_add"),
    path("days/<int:pk>/remove/", views.day_remove, name="day_remove"),
    path("duty/", views.roster, name="roster"),
    path("duty/print/", views.roster_print, name="roster_print"),
    path("duty/assign/", views.duty_assign, name="duty_assign"),
    path("duty/<int:pk>/remove/", views.duty_remove, name="duty_remove"),
]
