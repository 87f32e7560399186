from django.urls import path

from . import views

app_name = "warranty"
urlpatterns = [
    path("contracts/", views.contract_list, name="contracts"),
    path("contracts/new/", views.contract_create, name="contract_create"),
    path("contracts/<int:pk>/", views.contract_detail, name="contract_detail"),
    path("contracts/<int:pk>/renew/", views.contract_renew, name="contract_renew"),
    path("contracts/<int:pk>/cancel/", views.contract_cancel, name="contract_cancel"),
    path("renewal-notices/", views.renewal_notices, name="renewal_notices"),
    path(
        "renewal-notices/<int:pk>/letter/",
        views.renewal_notice_letter,
        name="renewal_notice_letter",
    ),
    path(
        "renewal-notices/<int:pk>/assign/",
        views.renewal_notice_assign,
        name="renewal_notice_assign",
    ),
    path(
        "renewal-notices/<int:pk>/letter-sent/",
        views.renewal_notice_letter_sent,
        name="renewal_notice_letter_sent",
    ),
    path(
        "renewal-notices/<int:pk>/close/", views.renewal_notice_close, name="renewal_notice_close"
    ),
    path("three-guarantees/", views.three_guarantees, name="three_guarantees"),
    path("three-guarantees/save/", views.three_guarantee_save, name="three_guarantee_save"),
    path("three-guarantees/delete/", views.three_guarantee_delete, name="three_guarantee_delete"),
]
