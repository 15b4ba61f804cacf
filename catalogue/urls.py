from django.urls import path

from catalogue import views

app_name = "catalogue"

urlpatterns = [
    path("", views.trade_list, name="trade_list"),
    path("modules/new/", views.module_edit, name="module_new"),
    path("modules/<int:pk>/", views.module_edit, name="module_edit"),
    path("modules/<int:pk>/translations/", views.module_translations, name="module_translations"),
    path("modules/<int:pk>/skills/", views.module_skills, name="module_skills"),
]
