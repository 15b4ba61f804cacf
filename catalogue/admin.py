from django.contrib import admin

from catalogue.models import Module, Trade


@admin.register(Trade)
class TradeAdmin(admin.ModelAdmin):
    list_display = ["code", "name_de", "name_en", "position"]


@admin.register(Module)
class ModuleAdmin(admin.ModelAdmin):
    list_display = ["code", "title_de", "trade", "hours"]
    list_filter = ["trade"]
    filter_horizontal = ["prerequisites"]
