from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = "Datenschutz"

    def ready(self) -> None:
        # Each app declares what it holds about a person in its personal_data module
        # (vault/registry.py); importing them here fills the registry without privacy
        # importing any app.
        autodiscover_modules("personal_data")
