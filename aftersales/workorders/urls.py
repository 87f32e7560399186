from django.urls import path

from . import views

app_name = "workorders"
urlpatterns = [
    path("", views.work_order_list, name="list"),
    path("board/", views.dispatch_board, name="board"),
    path("my-jobs/", views.my_jobs, name="my_jobs"),
    path("supervisor/", views.supervisor_view, name="supervisor"),
    path("<int:pk>/", views.work_order_detail, name="detail"),
    path("<int:pk>/voucher/", views.voucher, name="voucher"),
    path("<int:pk>/do/<slug:action>/", views.work_order_action, name="action"),
    path("<int:pk>/category/", views.override_category, name="override_category"),
    path(
        "<int:pk>/requests/<int:request_pk>/decide/",
        views.request_decide,
        name="decide_request",
    ),
]
