"""What the campaigns API's endpoints share: member and channel fields, the error schema,
CRUD through services, and bulk all-or-nothing ingestion."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import mixins, serializers

from accounts.api_base import WorkspaceViewSet
from smm_platform.bulk import apply_rows

from ..enums import Channel

User = get_user_model()


class MemberField(serializers.PrimaryKeyRelatedField):
    """A user id limited to members of the request's workspace."""

    def get_queryset(self):
        workspace = self.context.get("workspace")
        if workspace is None:
            return User.objects.none()
        return User.objects.filter(memberships__workspace=workspace)


def _channels_field(**kwargs):
    return serializers.ListField(child=serializers.ChoiceField(choices=Channel.choices), **kwargs)


ERROR = OpenApiResponse(
    inline_serializer("Error", {"detail": serializers.CharField(), "errors": serializers.DictField()}),
    description="`{detail, errors}`",
)


class ServiceViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    WorkspaceViewSet,
):
    """CRUD whose writes go through the area's services (``create_service`` etc.)."""

    token_scope = "campaigns:write"
    create_service = update_service = delete_service = None
    instance_kwarg = ""

    def perform_create(self, serializer):
        serializer.instance = type(self).create_service(
            workspace=self.workspace, actor=self.actor, token=self.token, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = type(self).update_service(
            **{self.instance_kwarg: serializer.instance},
            actor=self.actor,
            token=self.token,
            **serializer.validated_data,
        )

    def perform_destroy(self, instance):
        type(self).delete_service(**{self.instance_kwarg: instance}, actor=self.actor, token=self.token)


BATCH_RESULT = inline_serializer(
    "BatchResult",
    {
        "received": serializers.IntegerField(),
        "created": serializers.IntegerField(),
        "updated": serializers.IntegerField(),
    },
)


class BulkViewSet(mixins.ListModelMixin, WorkspaceViewSet):
    """GET lists rows; POST takes a JSON list (or ``{"rows": [...]}``) stored all-or-nothing,
    checked against ``row_serializer`` first (``smm_platform.bulk``)."""

    row_serializer: type[serializers.Serializer]
    max_rows = 5000

    def apply(self, request, service, **extra):
        return apply_rows(
            request.data,
            self.row_serializer,
            max_rows=self.max_rows,
            apply=lambda rows: service(
                workspace=self.workspace, actor=self.actor, token=self.token, rows=rows, **extra
            ),
        )
