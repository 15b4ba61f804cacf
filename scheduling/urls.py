from django.urls import path

from scheduling import views

app_name = "scheduling"

urlpatterns = [
    path("sessions/", views.session_list, name="session_list"),
    path("sessions/new/", views.session_create, name="session_create"),
    path("sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("participants/<int:pk>/enrol/", views.enrol, name="enrol"),
    path("participants/<int:pk>/enrol/<int:session_pk>/", views.enrol_confirm, name="enrol_confirm"),
]
