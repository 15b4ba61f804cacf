from django.urls import path

from plans import views

app_name = "plans"

urlpatterns = [
    path("participants/<int:pk>/", views.edit, name="edit"),
    path("participants/<int:pk>/start/", views.start, name="start"),
    path("participants/<int:pk>/revise/", views.revise, name="revise"),
    path("participants/<int:pk>/modules/", views.add_module, name="add_module"),
    path("participants/<int:pk>/path/", views.add_path, name="add_path"),
    path("participants/<int:pk>/target/", views.target, name="target"),
    path("participants/<int:pk>/diff/", views.diff, name="diff"),
    path("participants/<int:pk>/items/<int:item_pk>/<str:action>/", views.item_action, name="item_action"),
    path("participants/<int:pk>/finalise/", views.finalise, name="finalise"),
]
