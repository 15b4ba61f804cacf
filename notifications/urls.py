from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("participants/<int:pk>/channels/", views.participant_channels, name="participant_channels"),
    path("participants/<int:pk>/channels/<int:consent_pk>/withdraw/", views.channel_withdraw,
         name="channel_withdraw"),
    path("me/", views.my_settings, name="my_settings"),
    path("portal/messages/", views.portal_messages, name="portal_messages"),
    path("portal/calendar/", views.portal_calendar, name="portal_calendar"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("calendar/<str:token>.ics", views.feed, name="feed"),
]
