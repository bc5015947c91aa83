from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "planning"
    verbose_name = _("Calendar and ideas")

    def ready(self) -> None:
        from campaigns import hooks

        from . import receivers  # noqa: F401  (connects the signal handlers)
        from .campaign_templates import export_campaign_plan, import_campaign_plan
        from .selectors import campaign_origin_links

        if export_campaign_plan not in hooks.plan_exporters:
            hooks.plan_exporters.append(export_campaign_plan)
            hooks.plan_importers.append(import_campaign_plan)
        if campaign_origin_links not in hooks.origin_links:
            hooks.origin_links.append(campaign_origin_links)
