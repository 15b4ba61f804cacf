from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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
