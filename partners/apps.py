from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "partners"
    verbose_name = _("Partners")

    def ready(self) -> None:
        from campaigns import hooks

        from .selectors import campaigns_of_deal_utms

        if campaigns_of_deal_utms not in hooks.utm_resolvers:
            hooks.utm_resolvers.append(campaigns_of_deal_utms)
