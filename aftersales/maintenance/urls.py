"""Maintenance schedules and inspection visits with their checklists (SPEC §9)."""

from django.urls import path

from . import views

app_name = "maintenance"
urlpatterns = [
    path("", views.schedule_list, name="schedules"),
    path("schedules/new/", views.schedule_create, name="schedule_create"),
    path("schedules/<int:pk>/", views.schedule_detail, name="schedule_detail"),
    path("schedules/<int:pk>/edit/", views.schedule_edit, name="schedule_edit"),
    path("schedules/<int:pk>/plan/", views.schedule_plan, name="schedule_plan"),
    path("schedules/<int:pk>/stop/", views.schedule_stop, name="schedule_stop"),
    path("visits/", views.visit_list, name="visits"),
    path("visits/<int:pk>/", views.visit_detail, name="visit_detail"),
    path("visits/<int:pk>/record/", views.visit_record, name="visit_record"),
    path("visits/<int:pk>/cancel/", views.visit_cancel, name="visit_cancel"),
    path("checklists/", views.checklist_list, name="checklists"),
    path("checklists/new/", views.checklist_create, name="checklist_create"),
    # The quarterly report: the current quarter, or the one named. Both are "report", so that
    # a link names the customer alone or the customer and the quarter.
    path("report/<int:pk>/", views.report, name="report"),
    path("report/<int:pk>/<int:year>/<int:quarter>/", views.report, name="report"),
]
