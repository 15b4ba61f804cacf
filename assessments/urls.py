from django.urls import path

from assessments import views

app_name = "assessments"

urlpatterns = [
    path("participants/<int:pk>/new/", views.create, name="create"),
]
