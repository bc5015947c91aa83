from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


def _seed_workspace_defaults(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        from .services import workspace_defaults_ensure

        workspace_defaults_ensure(workspace=instance)


class NegativityConfig(AppConfig):
    name = "negativity"
    verbose_name = _("Negativity inbox")

    def ready(self):
        from accounts.models import Workspace

        post_save.connect(
            _seed_workspace_defaults, sender=Workspace, dispatch_uid="negativity-workspace-defaults"
        )
        from .attack_bench import evaluation_section
        from .management.commands.evaluate_classifier import EXTRA_SECTIONS

        if evaluation_section not in EXTRA_SECTIONS:
            EXTRA_SECTIONS.append(evaluation_section)  # attack figures beside the classifier's
