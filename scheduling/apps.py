from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "scheduling"

    def ready(self) -> None:
        # The plan recommender (plans, a floor below) places modules in the sessions
        # scheduling offers; plans never imports scheduling.
        from plans.recommendations import session_offer_register
        from scheduling.selectors import session_offer

        session_offer_register(session_offer)
