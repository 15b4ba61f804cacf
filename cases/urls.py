from django.urls import path

from cases import views

# The case pages keep the URL names and paths they had under `participants` (links, bookmarks
# and tests say `participants:case_file`); reintegra/urls.py mounts both lists in that namespace.
urlpatterns = [
    path("", views.caseload, name="caseload"),
    path("<int:pk>/", views.case_file, name="case_file"),
    path("<int:pk>/consents/", views.consent_add, name="consent_add"),
    path("<int:pk>/consents/<int:consent_pk>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("<int:pk>/eligibility/", views.eligibility_add, name="eligibility_add"),
    path("<int:pk>/counselling/", views.contact_note_add, name="contact_note_add"),
    path("<int:pk>/exit/", views.exit_record, name="exit_record"),
    path("<int:pk>/exit/undo/", views.exit_undo, name="exit_undo"),
]
