from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NegativityConfig(AppConfig):
    name = "negativity"
    verbose_name = _("Negativity inbox")
