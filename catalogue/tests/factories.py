from decimal import Decimal

import factory

from catalogue.models import Module, Trade


class TradeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trade
        django_get_or_create = ("code",)

    code = "sewing"
    name_de = "Nähen und Schneiderei"
    name_en = "Sewing and tailoring"


class ModuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Module

    trade = factory.SubFactory(TradeFactory)
    code = factory.Sequence(lambda n: f"SEW-{100 + n}")
    title_de = factory.Sequence(lambda n: f"Modul {n}")
    title_en = factory.Sequence(lambda n: f"Module {n}")
    hours = Decimal("40")
