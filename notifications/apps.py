from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"

    def ready(self) -> None:
        # Scheduling (a floor below) announces moved and cancelled meetings; we tell the people.
        from notifications import receivers
        from scheduling.signals import meeting_changed

        meeting_changed.connect(receivers.meeting_changed_received, dispatch_uid="notifications.meeting_changed")
