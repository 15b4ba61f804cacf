from django.urls import path

from certificates import views

app_name = "certificates"

urlpatterns = [
    path("participants/<int:pk>/issue/", views.issue, name="issue"),
    path("<int:pk>/pdf/", views.download, name="download"),
]
