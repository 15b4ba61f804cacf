from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from languages.purposes import PARTICIPANT_LANGUAGES, STAFF_LANGUAGES
from notifications.models import Channel


class ChannelConsentForm(forms.Form):
    channel = forms.ChoiceField(label=_("channel"), choices=[(Channel.EMAIL.value, Channel.EMAIL.label)])
    address = forms.EmailField(label=_("e-mail address"))
    given_on = forms.DateField(label=_("given on"), initial=timezone.localdate,
                               widget=forms.DateInput(attrs={"type": "date"}))


class StaffLanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("language of messages"),
                                 choices=[(code, PARTICIPANT_LANGUAGES[code]) for code in STAFF_LANGUAGES])


#: the channels' names as participants read them (portal, their language)
PARTICIPANT_CHANNEL_NAMES = {
    Channel.EMAIL.value: pgettext_lazy("participant", "E-mail"),
    Channel.SMS.value: pgettext_lazy("participant", "SMS"),
    Channel.MESSENGER.value: pgettext_lazy("participant", "Messenger"),
}
ERROR_PARTICIPANT_ADDRESS = pgettext_lazy("participant", "Please enter a valid e-mail address.")


class ParticipantEmailForm(forms.Form):
    """The participant's own address, to switch e-mail messages on in the portal."""

    address = forms.EmailField(
        label=pgettext_lazy("participant", "Your e-mail address"), max_length=254,
        error_messages={"required": ERROR_PARTICIPANT_ADDRESS, "invalid": ERROR_PARTICIPANT_ADDRESS},
        widget=forms.EmailInput(attrs={"autocomplete": "email", "dir": "ltr"}),
    )
