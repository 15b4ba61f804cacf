from django.urls import path

from backups import views

app_name = "backups"

urlpatterns = [
    path("", views.backup_index, name="index"),
    path("new/", views.backup_new, name="new"),
    path("<str:name>/check/", views.backup_check, name="check"),
]
