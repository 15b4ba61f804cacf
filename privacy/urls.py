from django.urls import path

from privacy import views

app_name = "privacy"

urlpatterns = [
    path("participants/<int:pk>/export/", views.export, name="export"),
    path("erasure/", views.erasure, name="erasure"),
    path("audit/", views.audit_search, name="audit"),
    path("audit/checkpoints.json", views.audit_checkpoints, name="audit_checkpoints"),
    path("audit/access.csv", views.audit_access_csv, name="audit_access_csv"),
    path("retention/", views.retention, name="retention"),
]
