"""What static/js/offline.js shows, translated on the server and handed to the page as JSON
(the page then works offline in the language it was opened in)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from training.offline_services import ERROR_DEVICE_REVOKED


def offline_texts() -> dict[str, str]:
    return {
        "online": _("Online: recorded days are sent automatically."),
        "offline": _("Offline: recorded days stay on this device until the connection returns."),
        # the plural forms the page needs (1 and more); %(count)s is filled in on the device
        "queue_one": ngettext("%(count)s day waiting to send", "%(count)s days waiting to send", 1),
        "queue_other": ngettext("%(count)s day waiting to send", "%(count)s days waiting to send", 2),
        "queue_empty": _("Nothing waiting to send."),
        "login_needed": _("Your session has ended: log in again to send. The recorded days stay on this device."),
        "wiped": str(ERROR_DEVICE_REVOKED),
        "recorded": _("%(day)s: recorded on the server."),
        "proposed": _(
            "%(day)s: the day was countersigned meanwhile. Your entries are kept as a correction proposal; "
            "the countersigned record is unchanged."
        ),
        "refused": _("%(day)s: not accepted: %(error)s"),
        "sending_failed": _("Sending failed; the day stays on this device and is sent later."),
        "sheets_updated": _("Day sheets updated at %(time)s."),
        "sheets_none": _("No day sheets on this device yet. Open this page once with a connection."),
        "saved": _("Day saved on this device. It is sent when the connection returns."),
        "nothing_recorded": _("Record at least one person before saving the day."),
        "record": _("Record"),
        "countersigned": _("countersigned"),
        "waiting": _("waiting to send"),
        "recorded_count": _("%(done)s of %(total)s recorded"),
        "no_crypto": _("This browser cannot keep the day sheets encrypted, so nothing is stored offline."),
    }
