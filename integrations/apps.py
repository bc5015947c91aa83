from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    name = "integrations"
    verbose_name = _("Integrations")

    def ready(self) -> None:
        # Receivers of domain events and the OpenAPI extensions register themselves on import.
        from . import receivers, schema  # noqa: F401
