from django.urls import path

from . import views

app_name = "tools"
urlpatterns = [
    path("", views.tool_list, name="list"),
    path("new/", views.tool_create, name="create"),
    path("overdue/", views.overdue_loans, name="overdue"),
    path("mine/", views.my_tools, name="mine"),
    path("<int:pk>/", views.tool_detail, name="detail"),
    path("<int:pk>/assign/", views.tool_assign, name="assign"),
    path("<int:pk>/lend/", views.tool_lend, name="lend"),
    path("<int:pk>/take-back/", views.tool_take_back, name="take_back"),
    path("<int:pk>/return/", views.tool_return, name="return"),
    path("<int:pk>/repaired/", views.tool_repaired, name="repaired"),
    path("<int:pk>/retire/", views.tool_retire, name="retire"),
]
