from __future__ import annotations

from django import template

from accounts.models import User
from certificates import access
from certificates.labels import LABELS
from certificates.selectors import ExpressOffer, express_issue_offer
from languages.purposes import Purpose, language_for
from participants.models import Participant

register = template.Library()


@register.simple_tag
def certificate_language_options(participant: Participant) -> list[tuple[str, str, bool]]:
    """(code, name, selected) for the issue form; preselected: the participant's language."""
    chosen = language_for(Purpose.CERTIFICATE, participant.languages)
    return [(code, labels["language_name"], code == chosen) for code, labels in LABELS.items()]


@register.simple_tag
def express_issue_offer_for(participant: Participant) -> ExpressOffer | None:
    """The case file's express issue offer (None when the departure does not cut training short)."""
    return express_issue_offer(participant=participant)


@register.filter
def one_line(text: str) -> str:
    """Learning outcomes (one per line) as one run of text: "a · b · c"."""
    return " · ".join(line.strip() for line in (text or "").splitlines() if line.strip())


class SlotNode(template.Node):
    """`{% slot "name" lang=… dir=… %}…{% endslot %}`: a personal field of the certificate.

    The content is always rendered and handed to the context's `slots` collector
    (certificates/pdf.py). What is printed in place depends on the collector: the content
    (a whole certificate) or an empty box of the same reserved size (the shared background
    of a bulk run, onto which each person's fields are laid). Every slot is a `span`
    styled as a block (`.slot-<name>` in certificate_pdf.css), so it may sit inside a `p`.
    """

    def __init__(self, name: str, attributes: dict[str, template.base.FilterExpression], nodelist: template.NodeList):
        self.name = name
        self.attributes = attributes
        self.nodelist = nodelist

    def render(self, context: template.Context) -> str:
        collector = context.get("slots")
        content = self.nodelist.render(context)
        attributes = {key: str(value.resolve(context)) for key, value in self.attributes.items()}
        if collector is None:
            return content
        return collector.place(name=self.name, content=content, attributes=attributes)


@register.tag("slot")
def do_slot(parser: template.base.Parser, token: template.base.Token) -> SlotNode:
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][-1] != bits[1][0]:
        raise template.TemplateSyntaxError('slot needs a quoted name: {% slot "name" %}')
    attributes = template.base.token_kwargs(bits[2:], parser)
    if len(attributes) != len(bits) - 2:
        raise template.TemplateSyntaxError("slot takes only key=value arguments after its name")
    nodelist = parser.parse(("endslot",))
    parser.delete_first_token()
    return SlotNode(bits[1][1:-1], attributes, nodelist)


@register.filter
def can_issue_certificates(user: User) -> bool:
    """`certificates.access.can_issue_certificates` for templates."""
    return access.can_issue_certificates(user)
