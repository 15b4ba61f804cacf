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
    path("administration/", views.administration, name="administration"),
    path("administration/staff/", views.staff_index, name="staff_list"),
    path("administration/staff/invite/", views.staff_invite, name="staff_invite"),
    path("administration/staff/<int:pk>/", views.staff_edit, name="staff_edit"),
    path("administration/staff/<int:pk>/<slug:action>/", views.staff_action, name="staff_action"),
    path("administration/sites/", views.site_index, name="site_list"),
    path("administration/sites/new/", views.site_edit, name="site_new"),
    path("administration/sites/<int:pk>/", views.site_edit, name="site_edit"),
    path("password/set/<uidb64>/<token>/", views.set_password, name="set_password"),
]
