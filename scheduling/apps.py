from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "scheduling"

    def ready(self) -> None:
        # The plan recommender (plans, a floor below) places modules in the sessions
        # scheduling offers; plans never imports scheduling.
        from participants.changes import participants_changed_register
        from plans.recommendations import session_offer_register
        from scheduling.risk import plan_risk_participants_changed
        from scheduling.selectors import session_offer

        session_offer_register(session_offer)
        # A departure, plan or availability written below keeps the stored risk verdict right.
        participants_changed_register("scheduling.plan_risk", plan_risk_participants_changed)
