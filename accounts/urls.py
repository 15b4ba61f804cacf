from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.login, name="login"),
    path("login/code/", views.otp_verify, name="otp_verify"),
    path("login/authenticator/", views.otp_enrol, name="otp_enrol"),
    path("logout/", views.logout, name="logout"),
    path("instructors/", views.instructor_list, name="instructor_list"),
    path("instructors/<int:pk>/profile/", views.instructor_profile_edit, name="instructor_profile_edit"),
]
