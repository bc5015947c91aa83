"""API of sharing: the caller's secret calendar feed URL and client share links."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import permissions as perms
from accounts.api_base import WorkspaceAPIMixin, WorkspaceRelatedField, WorkspaceViewSet
from campaigns.models import Campaign

from .. import services
from ..models import ShareLink
from .common import Write


# --- calendar feed ------------------------------------------------------------------------------
class FeedUrlSerializer(serializers.Serializer):
    url = serializers.CharField()


def absolute(path: str, request=None) -> str:
    """An absolute link from the request's host; ``SITE_URL`` only where no request exists."""
    return request.build_absolute_uri(path) if request is not None else settings.SITE_URL + path


def feed_url(feed, request=None) -> str:
    return absolute(
        reverse(
            "planning:ics",
            kwargs={"workspace_slug": feed.workspace.slug, "secret": services.calendar_feed_token(feed)},
        ),
        request,
    )


class CalendarFeedView(WorkspaceAPIMixin, APIView):
    """GET the caller's secret iCalendar URL of the workspace; POST rotates it (the old URL stops
    working). Owners and managers only: the URL shows the whole plan to anyone who has it, so
    marketers, viewers and integration tokens get 403; it stops when its owner leaves."""

    def get_required_permission(self) -> str:
        return perms.APPROVE

    @extend_schema(responses=FeedUrlSerializer)
    def get(self, request, *args, **kwargs):
        feed = services.calendar_feed_get(workspace=self.workspace, user=self.actor)
        return Response({"url": feed_url(feed, request)})

    @extend_schema(request=None, responses=FeedUrlSerializer)
    def post(self, request, *args, **kwargs):
        feed = services.calendar_feed_rotate(workspace=self.workspace, actor=self.actor, token=self.token)
        return Response({"url": feed_url(feed, request)})


# --- share links --------------------------------------------------------------------------------
class ShareLinkSerializer(serializers.ModelSerializer):
    campaign = WorkspaceRelatedField(queryset=Campaign.objects.all())
    days = serializers.IntegerField(write_only=True, required=False, min_value=1, max_value=90)
    url = serializers.SerializerMethodField()

    class Meta:
        model = ShareLink
        fields = [
            "id",
            "campaign",
            "starts_on",
            "ends_on",
            "days",
            "expires_at",
            "revoked_at",
            "created_at",
            "url",
        ]
        read_only_fields = ["id", "expires_at", "revoked_at", "created_at", "url"]

    def get_url(self, link) -> str | None:
        """The client URL: shown only in the response that creates the link."""
        secret = self.context.get("secret")
        if not secret:
            return None
        return absolute(
            reverse("planning:shared", kwargs={"workspace_slug": link.workspace.slug, "secret": secret}),
            self.context.get("request"),
        )


class ShareLinkViewSet(
    Write, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, WorkspaceViewSet
):
    """Client links to a campaign's plan for a period: expiring, revocable; the URL is shown once."""

    queryset = ShareLink.objects.select_related("campaign", "workspace")
    serializer_class = ShareLinkSerializer

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        link, secret = services.share_link_create(
            workspace=self.workspace, **self.svc(**serializer.validated_data)
        )
        context = {**self.get_serializer_context(), "secret": secret}
        return Response(ShareLinkSerializer(link, context=context).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=ShareLinkSerializer)
    @action(detail=True, methods=["post"])
    def revoke(self, request, *args, **kwargs):
        link = services.share_link_revoke(link=self.get_object(), **self.svc())
        return Response(self.get_serializer(link).data)
