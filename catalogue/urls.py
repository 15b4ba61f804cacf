from django.urls import path

from catalogue import views

app_name = "catalogue"

urlpatterns = [
    path("", views.trade_list, name="trade_list"),
]
