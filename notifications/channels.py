"""One small interface for every way a message leaves Reintegra.

A channel takes a rendered `Message` and answers with an `Outcome` (sent, bounced, failed
and a short error code) — never raising for a refused address, so one bad address does not
stop a run. E-mail is implemented through Django's mail (`EMAIL_BACKEND`: SMTP in production,
settings.py). Further gateways implement the same two lines:

- **SMS**: `SmsChannel.send()` posts `message.text` (kept under 160 characters per part by
  the caller) to the provider's HTTP API with the number from the consent; the provider's
  delivery receipt, posted to a webhook, calls `delivery_mark(key=…, status=…)`.
- **Messenger** (Signal, WhatsApp Business, Telegram): the same, through the operator's
  gateway; the consent stores the messenger handle.

Register them in `CHANNELS`; the participant's consent names the channel. Nothing here
logs a message's text or address.
"""

from __future__ import annotations

import smtplib
from dataclasses import dataclass, field
from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection

from notifications.models import Channel, DeliveryStatus


@dataclass(frozen=True)
class Message:
    to: str
    subject: str
    text: str
    html: str = ""
    language: str = "en"
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    status: str
    error: str = ""


class ChannelBackend(Protocol):
    channel: str

    def send(self, message: Message) -> Outcome: ...


class EmailChannel:
    channel: str = Channel.EMAIL

    def send(self, message: Message) -> Outcome:
        mail = EmailMultiAlternatives(
            subject=message.subject, body=message.text, from_email=settings.DEFAULT_FROM_EMAIL, to=[message.to],
            headers={"Content-Language": message.language, **message.headers},
            connection=get_connection(fail_silently=False),
        )
        if message.html:
            mail.attach_alternative(message.html, "text/html")
        try:
            mail.send()
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [str(code) for code, _reply in exc.recipients.values()]
            return Outcome(DeliveryStatus.BOUNCED, f"smtp {','.join(codes)}")
        except smtplib.SMTPResponseException as exc:
            return Outcome(DeliveryStatus.FAILED, f"smtp {exc.smtp_code}")
        except (smtplib.SMTPException, OSError) as exc:
            return Outcome(DeliveryStatus.FAILED, type(exc).__name__[:60])
        return Outcome(DeliveryStatus.SENT)


CHANNELS: dict[str, ChannelBackend] = {Channel.EMAIL.value: EmailChannel()}
