from django.urls import path

from . import views

app_name = "loaners"
urlpatterns = [
    path("", views.loaner_list, name="list"),
    path("new/", views.loaner_create, name="create"),
    path("out/", views.loans_out, name="out"),
    path("<int:pk>/", views.loaner_detail, name="detail"),
    path("<int:pk>/repaired/", views.loaner_repaired, name="repaired"),
    path("loans/<int:pk>/return/", views.loan_return, name="return"),
    path("work-orders/<int:pk>/", views.order_panel, name="order_panel"),
    path("work-orders/<int:pk>/lend/", views.loaner_lend, name="lend"),
]
