from django.urls import path

from returns import views

app_name = "returns"

urlpatterns = [
    path("participants/<int:pk>/", views.record, name="record"),
    path("participants/<int:pk>/departure/", views.departure, name="departure"),
    path("participants/<int:pk>/handover/", views.handover_new, name="handover_new"),
    path("participants/<int:pk>/baseline/", views.follow_up_baseline, name="follow_up_baseline"),
    path("handovers/<int:pk>/<str:form>/", views.handover_download, name="handover_download"),
    path("follow-ups/due/", views.due_list, name="due_list"),
    path("follow-ups/method/", views.method, name="method"),
    path("follow-ups/<int:pk>/link/", views.follow_up_link, name="follow_up_link"),
    path("follow-ups/<int:pk>/record/", views.follow_up_record, name="follow_up_record"),
    path("organisations/", views.organisation_index, name="organisation_list"),
    path("organisations/new/", views.organisation_edit, name="organisation_new"),
    path("organisations/<int:pk>/", views.organisation_edit, name="organisation_edit"),
    path("handover-schema.json", views.handover_schema, name="handover_schema"),
    path("partner/<str:token>/", views.partner, name="partner"),
    path("survey/<str:token>/", views.survey, name="survey"),
]
