from django.urls import path

from scheduling import views

app_name = "scheduling"

urlpatterns = [
    path("sessions/", views.session_list, name="session_list"),
    path("sessions/new/", views.session_create, name="session_create"),
    path("sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("sessions/<int:pk>/meetings/<int:meeting_pk>/", views.meeting_change, name="meeting_change"),
    path("participants/<int:pk>/enrol/", views.enrol, name="enrol"),
    path("participants/<int:pk>/enrol/<int:session_pk>/", views.enrol_confirm, name="enrol_confirm"),
    path("optimiser/", views.run_list, name="run_list"),
    path("optimiser/<int:pk>/", views.run_detail, name="run_detail"),
    path("optimiser/<int:pk>/progress/", views.run_progress, name="run_progress"),
    path("optimiser/<int:pk>/apply/", views.run_apply, name="run_apply"),
    path("optimiser/<int:pk>/discard/", views.run_discard, name="run_discard"),
    path("at-risk/", views.at_risk, name="at_risk"),
    path("participants/<int:pk>/timeline/", views.timeline, name="timeline"),
    path("sites/<int:pk>/occupancy/", views.occupancy, name="occupancy"),
    path("planning/", views.planning, name="planning"),
    path("participants/<int:pk>/replan/", views.replan, name="replan"),
    path("participants/<int:pk>/constraints/", views.constraints, name="constraints"),
    path("participants/<int:pk>/pins/", views.pin_create, name="pin_create"),
    path("participants/<int:pk>/pins/<int:pin_pk>/delete/", views.pin_delete, name="pin_delete"),
]
