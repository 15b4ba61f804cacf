from django.urls import path

from certificates import views

app_name = "certificates"

urlpatterns = [
    path("participants/<int:pk>/issue/", views.issue, name="issue"),
    path("participants/<int:pk>/express/", views.express_issue, name="express_issue"),
    path("<int:pk>/evidence/", views.evidence, name="evidence"),
    path("<int:pk>/pdf/", views.download, name="download"),
    path("<int:pk>/credential/", views.credential, name="credential"),
    path("<int:pk>/revoke/", views.revoke, name="revoke"),
    path("sessions/<int:pk>/", views.session_issue, name="session_issue"),
    path("sessions/<int:pk>/progress/", views.session_issue_progress, name="session_issue_progress"),
    path("sessions/<int:pk>/pdfs/", views.session_issue_download, name="session_issue_download"),
    path("sessions/<int:pk>/print-run/", views.session_issue_print, name="session_issue_print"),
    # Public (no login): what the QR code and the credential point to.
    path("verify/", views.verify_credential, name="verify_credential"),
    path("verify/<str:number>/", views.verify, name="verify"),
    path("issuer/", views.issuer, name="issuer"),
    path("status/", views.status_list, name="status_list"),
]
