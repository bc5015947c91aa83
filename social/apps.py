from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocialConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "social"
    verbose_name = _("Connected accounts")

    def ready(self) -> None:
        from negativity import hooks as inbox_hooks
        from planning import hooks as plan_hooks

        from . import replies, views
        from .api import ItemSocialAccount

        plan_hooks.item_api_fields.setdefault("social_account", ItemSocialAccount())
        if views.item_panel not in plan_hooks.item_panels:
            plan_hooks.item_panels.append(views.item_panel)
            plan_hooks.calendar_badges.append(views.calendar_badges)
        if replies.reply_deliver not in inbox_hooks.reply_senders:
            inbox_hooks.reply_senders.append(replies.reply_deliver)
            inbox_hooks.auto_send.append(replies.mention_is_social)
            inbox_hooks.approval_required.append(replies.mention_is_social)
            inbox_hooks.mention_panels.append(views.mention_panel)
