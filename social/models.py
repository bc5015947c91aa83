"""Connected communities and what flows through them: the accounts (with their access tokens
encrypted at rest), one delivery per plan item published through an account, the daily statistics
of those posts and the account's follower series, the links between inbox mentions and the
comments they came from, and the replies sent back.

Planning and negativity never import this app: it hangs its rows on theirs (one-to-one) and takes
part in their screens and API through ``planning.hooks`` and ``negativity.hooks``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.tenancy import WorkspaceScopedModel

from . import crypto
from .enums import AccountState, Network, PostState, ReplyDelivery


class SocialAccount(WorkspaceScopedModel):
    """A VK community or a Telegram channel the workspace publishes to and reads from.

    ``external_id``: the VK community id (digits) or the Telegram ``@channel`` / chat id.
    ``meta`` keeps what the network told on the last check (screen name, linked discussion group).
    """

    network = models.CharField(_("network"), max_length=20, choices=Network.choices)
    external_id = models.CharField(_("community or channel"), max_length=100)
    name = models.CharField(pgettext_lazy("title of a thing", "name"), max_length=200)
    token_encrypted = models.TextField(editable=False)
    state = models.CharField(
        _("state"), max_length=12, choices=AccountState.choices, default=AccountState.UNCHECKED
    )
    state_message = models.TextField(_("network's message"), blank=True)
    checked_at = models.DateTimeField(_("checked"), null=True, blank=True)
    followers = models.PositiveBigIntegerField(_("followers"), null=True, blank=True)
    last_sync_at = models.DateTimeField(_("last sync"), null=True, blank=True)
    last_sync_error = models.TextField(_("last sync error"), blank=True)
    meta = models.JSONField(default=dict, blank=True, editable=False)
    updates_offset = models.BigIntegerField(default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("connected"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["network", "name", "id"]
        verbose_name = _("connected account")
        verbose_name_plural = _("connected accounts")
        constraints = [
            models.UniqueConstraint(
                fields=["workspace", "network", "external_id"], name="social_account_unique_external"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_network_display()}: {self.name}"

    @property
    def access_token(self) -> str:
        return crypto.decrypt(self.token_encrypted) if self.token_encrypted else ""

    def set_access_token(self, token: str) -> None:
        self.token_encrypted = crypto.encrypt(token)


class SocialPost(WorkspaceScopedModel):
    """The delivery of one plan item to its account: claimed once, sent once, its network id
    recorded before anything else; then the post's running totals from the statistics sync."""

    item = models.OneToOneField(
        "planning.PlanItem", on_delete=models.CASCADE, related_name="social_post", verbose_name=_("plan item")
    )
    account = models.ForeignKey(
        SocialAccount, on_delete=models.CASCADE, related_name="posts", verbose_name=_("account")
    )
    state = models.CharField(_("state"), max_length=10, choices=PostState.choices, default=PostState.WAITING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    external_id = models.CharField(_("network's post id"), max_length=64, blank=True)
    url = models.URLField(_("post URL"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    error_code = models.CharField(_("error code"), max_length=32, blank=True)
    error_message = models.TextField(_("error"), blank=True)
    discussion_message_id = models.BigIntegerField(null=True, blank=True, editable=False)
    views = models.PositiveBigIntegerField(_("views"), default=0)
    likes = models.PositiveBigIntegerField(_("likes"), default=0)
    reposts = models.PositiveBigIntegerField(_("reposts"), default=0)
    comments = models.PositiveBigIntegerField(_("comments"), default=0)
    stats_at = models.DateTimeField(_("statistics taken"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("social post")
        verbose_name_plural = _("social posts")
        constraints = [
            models.UniqueConstraint(
                fields=["account", "external_id"],
                condition=~Q(external_id=""),
                name="social_post_unique_external",
            ),
            models.CheckConstraint(
                condition=~Q(state="sent") | ~Q(external_id=""), name="social_post_sent_has_id"
            ),
        ]
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="social_post_due")]

    def __str__(self) -> str:
        return f"{self.account_id}/{self.item_id}: {self.state}"


class PostStatDay(WorkspaceScopedModel):
    """A post's running totals as taken on one day (the last sync of the day wins)."""

    post = models.ForeignKey(SocialPost, on_delete=models.CASCADE, related_name="stat_days")
    date = models.DateField(_("date"))
    views = models.PositiveBigIntegerField(default=0)
    likes = models.PositiveBigIntegerField(default=0)
    reposts = models.PositiveBigIntegerField(default=0)
    comments = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["post_id", "date"]
        constraints = [models.UniqueConstraint(fields=["post", "date"], name="social_statday_unique")]


class FollowerDay(WorkspaceScopedModel):
    """The community's size on one day: its follower series."""

    account = models.ForeignKey(SocialAccount, on_delete=models.CASCADE, related_name="follower_days")
    date = models.DateField(_("date"))
    followers = models.PositiveBigIntegerField(_("followers"))

    class Meta:
        ordering = ["account_id", "date"]
        constraints = [models.UniqueConstraint(fields=["account", "date"], name="social_followerday_unique")]


class MentionLink(WorkspaceScopedModel):
    """Where an inbox mention came from: the account, our post it answers and the network's
    comment; the last reply sent to it (its network id and link)."""

    mention = models.OneToOneField("negativity.Mention", on_delete=models.CASCADE, related_name="social_link")
    account = models.ForeignKey(SocialAccount, on_delete=models.CASCADE, related_name="mention_links")
    post = models.ForeignKey(
        SocialPost, null=True, blank=True, on_delete=models.SET_NULL, related_name="mention_links"
    )
    comment_id = models.CharField(_("network's comment id"), max_length=64)
    chat_id = models.CharField(max_length=64, blank=True)
    reply_external_id = models.CharField(_("reply's network id"), max_length=64, blank=True)
    reply_url = models.URLField(_("reply URL"), max_length=500, blank=True)
    replied_at = models.DateTimeField(_("replied"), null=True, blank=True)

    class Meta:
        verbose_name = _("comment from a connected account")
        verbose_name_plural = _("comments from connected accounts")


class SocialReply(WorkspaceScopedModel):
    """One inbox reply sent through the network: the row is the claim (one per reply)."""

    reply = models.OneToOneField("negativity.Reply", on_delete=models.CASCADE, related_name="social_delivery")
    link = models.ForeignKey(MentionLink, on_delete=models.CASCADE, related_name="replies")
    state = models.CharField(max_length=10, choices=ReplyDelivery.choices, default=ReplyDelivery.SENDING)
    external_id = models.CharField(max_length=64, blank=True)
    url = models.URLField(max_length=500, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
