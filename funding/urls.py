from django.urls import path

from funding import views

app_name = "funding"

urlpatterns = [
    path("lines/", views.line_list, name="line_list"),
]
