from django.urls import path

from training import views

app_name = "training"

urlpatterns = [
    path("meetings/<int:meeting_pk>/attendance/", views.attendance, name="attendance"),
    path("sessions/<int:session_pk>/results/", views.results, name="results"),
]
