"""Shared pieces of the planning API: a member field, the honesty flag shape, the write mixin."""

from __future__ import annotations

from rest_framework import serializers

from accounts.models import User


class MemberField(serializers.PrimaryKeyRelatedField):
    """A user id limited to members of the request's workspace."""

    def get_queryset(self):
        workspace = self.context.get("workspace")
        if workspace is None:
            return User.objects.none()
        return User.objects.filter(memberships__workspace=workspace)


class FlagSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()


class Write:
    """Mixin: pass the validated data of the serializer to a service with the caller."""

    token_scope = "planning:write"

    def svc(self, **kwargs):
        return {"actor": self.actor, "token": self.token, **kwargs}
