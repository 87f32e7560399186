from django.urls import path

from . import views

app_name = "followups"
urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("<int:pk>/", views.follow_up_detail, name="detail"),
    path("<int:pk>/call/", views.follow_up_record_call, name="record_call"),
    path("<int:pk>/question/", views.follow_up_raise_question, name="raise_question"),
    path("<int:pk>/assign/", views.follow_up_assign, name="assign"),
    path("work-order/<int:pk>/", views.order_panel, name="order_panel"),
    path("phone-register/", views.phone_log, name="phone_log"),
    path("phone-register/new/", views.phone_log_add, name="phone_log_add"),
    path("letters/", views.letters, name="letters"),
    path("letters/new/", views.letter_add, name="letter_add"),
    path("letters/<int:pk>/replied/", views.letter_replied, name="letter_replied"),
    path("questions/", views.questions, name="questions"),
    path("questions/<int:pk>/", views.question_detail, name="question_detail"),
    path("questions/<int:pk>/answer/", views.question_answer, name="question_answer"),
    path("questions/<int:pk>/told/", views.question_told, name="question_told"),
]
