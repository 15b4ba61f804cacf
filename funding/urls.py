from django.urls import path

from funding import views

app_name = "funding"

urlpatterns = [
    path("lines/", views.line_list, name="line_list"),
    path("lines/new/", views.line_edit, name="line_new"),
    path("lines/<int:pk>/", views.line_edit, name="line_edit"),
    path("funders/new/", views.funder_edit, name="funder_new"),
    path("funders/<int:pk>/", views.funder_edit, name="funder_edit"),
    path("projects/new/", views.project_edit, name="project_new"),
    path("projects/<int:pk>/", views.project_edit, name="project_edit"),
    path("projects/<int:pk>/extend/", views.project_extend, name="project_extend"),
]
