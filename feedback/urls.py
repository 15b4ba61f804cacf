from django.urls import path

from feedback import views

app_name = "feedback"

urlpatterns = [
    path("sessions/<int:pk>/links/", views.session_links, name="session_links"),
    path("summary/", views.summary, name="summary"),
    path("s/<str:token>/", views.answer, name="answer"),
]
