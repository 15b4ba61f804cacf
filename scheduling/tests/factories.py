import datetime as dt

from scheduling.services import session_create


def make_session(*, manager, module, site, instructor, starts_on, days=5, capacity=8):
    """A session through the real service: meetings Monday–Friday from `starts_on`."""
    return session_create(
        acting_user=manager,
        module=module,
        site=site,
        instructor=instructor,
        starts_on=starts_on,
        ends_on=starts_on + dt.timedelta(days=days - 1),
        capacity=capacity,
        weekdays=[0, 1, 2, 3, 4, 5, 6],
        starts_at=dt.time(9),
        ends_at=dt.time(13),
    )


def run_for(world):
    """A finished optimiser run proposing to enrol the world's participant (for the URL matrix)."""
    from scheduling.models import RunStatus, ScheduleMove, ScheduleRun

    run = ScheduleRun.objects.filter(message="matrix").first()
    if run is None:
        run = ScheduleRun.objects.create(status=RunStatus.FINISHED, message="matrix", best_completed=1, bound=1)
        ScheduleMove.objects.create(run=run, participant=world["participant"], session=world["session"])
    return run


def pin_for(world):
    """A pin of the world's participant to the world's session (for the URL matrix)."""
    from scheduling.models import Pin

    pin, _created = Pin.objects.get_or_create(
        participant=world["participant"], session=world["session"], defaults={"created_by": world["session"].instructor}
    )
    return pin
