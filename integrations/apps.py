from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    name = "integrations"
    verbose_name = _("Integrations")

    def ready(self) -> None:
        # Receivers of domain events and OpenAPI extensions register themselves on import.
        from . import receivers, schema, strict, tombstones  # noqa: F401
        from .filters import use_for_every_filterset

        use_for_every_filterset()
        strict.install()
        tombstones.connect()
