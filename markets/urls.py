from django.urls import path

from markets import views

app_name = "markets"

urlpatterns = [
    path("", views.profile_list, name="profile_list"),
    path("import/", views.profile_import, name="profile_import"),
    path("<str:country>/", views.profile_detail, name="profile_detail"),
]
