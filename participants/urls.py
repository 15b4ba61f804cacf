from django.urls import path

from participants import views

app_name = "participants"

# Mounted together with `cases.urls` under the "participants" namespace (reintegra/urls.py).
urlpatterns = [
    path("intake/", views.intake, name="intake"),
    path("<int:pk>/edit/", views.edit, name="edit"),
]
