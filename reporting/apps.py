from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "reporting"

    def ready(self) -> None:
        # The fact table follows every write that changes a figure (reporting/facts.py).
        from reporting.facts import facts_connect

        facts_connect()
