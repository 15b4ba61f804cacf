from django.urls import path

from reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("records/", views.drill_down, name="drill_down"),
    path("export/<str:kind>/", views.export, name="export"),
    path("periods/<int:pk>/", views.frozen_report, name="frozen_report"),
    path("periods/<int:pk>/close/", views.period_close, name="period_close"),
    path("api/report/", views.api_report, name="api_report"),
    path("api/openapi.json", views.api_schema, name="api_schema"),
]
