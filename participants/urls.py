from django.urls import path

from participants import views

app_name = "participants"

urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("intake/", views.intake, name="intake"),
    path("<int:pk>/", views.case_file, name="case_file"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/consents/", views.consent_add, name="consent_add"),
    path("<int:pk>/consents/<int:consent_pk>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("<int:pk>/eligibility/", views.eligibility_add, name="eligibility_add"),
    path("<int:pk>/counselling/", views.contact_note_add, name="contact_note_add"),
    path("<int:pk>/exit/", views.exit_record, name="exit_record"),
    path("<int:pk>/exit/undo/", views.exit_undo, name="exit_undo"),
]
