from django.urls import path

from returns import views

app_name = "returns"

urlpatterns = [
    path("participants/<int:pk>/", views.record, name="record"),
]
