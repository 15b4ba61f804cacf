from django.urls import path

from assessments import views

app_name = "assessments"

urlpatterns = [
    path("participants/<int:pk>/new/", views.create, name="create"),
    path("participants/<int:pk>/import/", views.import_profile, name="import_profile"),
    path("participants/<int:pk>/availability/", views.availability, name="availability"),
    path("tryouts/", views.tryouts, name="tryouts"),
    path("tryouts/participants/<int:pk>/", views.tryout_create, name="tryout_create"),
]
