from django.urls import path

from portal import views

app_name = "portal"

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("pin/", views.set_pin, name="set_pin"),
    path("language/", views.language, name="language"),
    path("logout/", views.logout_view, name="logout"),
    path("", views.home, name="home"),
    path("plan/", views.plan, name="plan"),
    path("timetable/", views.timetable, name="timetable"),
    path("attendance/", views.attendance, name="attendance"),
    path("documents/", views.documents, name="documents"),
    path("documents/<int:pk>/pdf/", views.certificate_pdf_download, name="certificate_pdf"),
    path("documents/<int:pk>/credential/", views.certificate_credential, name="certificate_credential"),
    path("contact/", views.contact, name="contact"),
    path("follow-ups/<int:pk>/", views.follow_up_open, name="follow_up_open"),
    path("questionnaire/", views.self_assessment, name="self_assessment"),
    path("staff/participants/<int:pk>/invitation/", views.invitation_create, name="invitation_create"),
    path("staff/participants/<int:pk>/plan-agreement/", views.plan_agreement, name="plan_agreement"),
    path("staff/participants/<int:pk>/questionnaire/", views.questionnaire, name="questionnaire"),
]
