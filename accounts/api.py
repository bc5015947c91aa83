"""REST API of accounts: tokens for users, workspaces, members, invitations, integration tokens,
the audit log."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import authenticate
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from smm_platform.errors import AppError
from smm_platform.throttling import ScopedRateThrottle

from . import permissions as perms
from . import selectors, services
from .api_base import WorkspaceViewSet
from .enums import Language, Role, TokenScope
from .models import ApiToken, AuditLog, Invitation, Membership, Workspace


# --- serializers ------------------------------------------------------------------------------
class TokenRequestSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(trim_whitespace=False, write_only=True, max_length=4096)
    name = serializers.CharField(
        max_length=100,
        required=False,
        default="API",
        help_text="What the token is for (shown in the profile).",
    )
    expires_in_days = serializers.IntegerField(
        min_value=1,
        max_value=settings.USER_TOKEN_MAX_DAYS,
        required=False,
        help_text=f"Lifetime in days (default {settings.USER_TOKEN_TTL_DAYS}).",
    )


class UserTokenSerializer(serializers.ModelSerializer):
    current = serializers.SerializerMethodField()

    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created_at", "last_used_at", "expires_at", "current"]
        read_only_fields = fields

    def get_current(self, token) -> bool:
        auth = self.context.get("request").auth if self.context.get("request") else None
        return getattr(auth, "pk", None) == token.pk


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="The key; shown only in this response.")
    id = serializers.IntegerField()
    name = serializers.CharField()
    expires_at = serializers.DateTimeField()


class WorkspaceSerializer(serializers.ModelSerializer):
    role = serializers.SerializerMethodField()

    class Meta:
        model = Workspace
        fields = ["id", "name", "slug", "language", "role", "created_at"]
        read_only_fields = ["id", "language", "role", "created_at"]
        extra_kwargs = {"slug": {"required": False, "validators": []}}

    def get_role(self, workspace) -> str | None:
        return self.context.get("roles", {}).get(workspace.pk)


class WorkspaceUpdateSerializer(serializers.Serializer):
    """What an owner changes: the name and the language of the content (the slug is the address)."""

    name = serializers.CharField(max_length=120, required=False)
    language = serializers.ChoiceField(choices=Language.choices, required=False)


class MemberSerializer(serializers.ModelSerializer):
    email = serializers.EmailField(source="user.email", read_only=True)
    full_name = serializers.CharField(source="user.full_name", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "email", "full_name", "role", "created_at"]
        read_only_fields = ["id", "email", "full_name", "created_at"]


class MemberInviteSerializer(serializers.Serializer):
    email = serializers.EmailField()
    role = serializers.ChoiceField(choices=Role.choices)


class MemberRoleSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Role.choices)


class InvitationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Invitation
        fields = ["id", "email", "role", "created_at", "expires_at"]


class MemberInviteResultSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=["active", "invited"])
    member = MemberSerializer(required=False)
    invitation = InvitationSerializer(required=False)


class IntegrationTokenSerializer(serializers.ModelSerializer):
    scopes = serializers.ListField(
        child=serializers.ChoiceField(choices=TokenScope.choices), allow_empty=False, min_length=1
    )
    is_active = serializers.BooleanField(read_only=True)

    class Meta:
        model = ApiToken
        fields = [
            "id",
            "name",
            "scopes",
            "prefix",
            "created_at",
            "last_used_at",
            "expires_at",
            "revoked_at",
            "is_active",
        ]
        read_only_fields = ["id", "prefix", "created_at", "last_used_at", "revoked_at", "is_active"]


class IntegrationTokenCreatedSerializer(IntegrationTokenSerializer):
    key = serializers.CharField(read_only=True, help_text="The secret key; shown only in this response.")

    class Meta(IntegrationTokenSerializer.Meta):
        fields = [*IntegrationTokenSerializer.Meta.fields, "key"]


class AuditLogSerializer(serializers.ModelSerializer):
    actor = serializers.EmailField(source="actor.email", default=None, allow_null=True, read_only=True)
    token = serializers.CharField(source="token.name", default=None, allow_null=True, read_only=True)

    class Meta:
        model = AuditLog
        fields = [
            "id",
            "created_at",
            "actor",
            "token",
            "action",
            "target_type",
            "target_id",
            "target_repr",
            "changes",
        ]


# --- views ------------------------------------------------------------------------------------
class AuthTokenView(APIView):
    """Exchange an email and password for a user API token."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth"

    @extend_schema(request=TokenRequestSerializer, responses={200: TokenResponseSerializer}, auth=[])
    def post(self, request):
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = authenticate(
            request._request,
            username=data.validated_data["email"].lower(),
            password=data.validated_data["password"],
        )
        if user is None or not user.is_active:
            raise AppError(_("Wrong email or password."), status_code=status.HTTP_400_BAD_REQUEST)
        token, key = services.user_token_create(
            user=user,
            name=data.validated_data["name"],
            expires_in_days=data.validated_data.get("expires_in_days"),
        )
        return Response({"token": key, "id": token.pk, "name": token.name, "expires_at": token.expires_at})


class IsPerson(IsAuthenticated):
    """A signed-in person (a session or a user token), not an integration token."""

    message = "An integration token acts for no user."

    def has_permission(self, request, view) -> bool:
        return super().has_permission(request, view) and hasattr(request.user, "email")


class UserTokenViewSet(mixins.ListModelMixin, mixins.DestroyModelMixin, viewsets.GenericViewSet):
    """The caller's own user tokens that still work; DELETE revokes one (another user's id is
    404). Create one with POST auth/token/."""

    serializer_class = UserTokenSerializer
    queryset = ApiToken.objects.none()  # the real one is per caller (get_queryset)
    permission_classes = [IsPerson]
    lookup_value_regex = r"[0-9]{1,18}"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ApiToken.objects.none()
        return services.user_tokens_of(user=self.request.user)

    @extend_schema(responses={204: None})
    def destroy(self, request, *args, **kwargs):
        if not services.user_token_revoke(user=request.user, token_id=int(kwargs["pk"])):
            raise Http404
        return Response(status=status.HTTP_204_NO_CONTENT)


class WorkspaceViewSetAPI(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The caller's workspaces; POST creates one and makes the caller its owner; PATCH (owners)
    renames it and sets the language of its content."""

    serializer_class = WorkspaceSerializer
    permission_classes = [IsAuthenticated]
    lookup_field = "slug"
    lookup_url_kwarg = "workspace_slug"

    def get_queryset(self):
        user = self.request.user
        if getattr(self, "swagger_fake_view", False) or not hasattr(user, "memberships"):
            # Integration tokens see their own workspace only.
            token = self.request.auth
            if token is not None and getattr(token, "workspace_id", None):
                return Workspace.objects.filter(pk=token.workspace_id)
            return Workspace.objects.none()
        return selectors.workspaces_for(user=user)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        user = self.request.user
        if hasattr(user, "memberships"):
            context["roles"] = dict(Membership.objects.filter(user=user).values_list("workspace_id", "role"))
        return context

    def create(self, request, *args, **kwargs):
        if not hasattr(request.user, "memberships"):
            raise AppError(_("Integration tokens cannot create workspaces."), status_code=403)
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        workspace = services.workspace_create(
            name=serializer.validated_data["name"],
            slug=serializer.validated_data.get("slug", ""),
            owner=request.user,
        )
        out = WorkspaceSerializer(workspace, context={"roles": {workspace.pk: Role.OWNER}})
        return Response(out.data, status=status.HTTP_201_CREATED)

    @extend_schema(request=WorkspaceUpdateSerializer, responses={200: WorkspaceSerializer})
    def partial_update(self, request, *args, **kwargs):
        """Owners rename the workspace and set the language of its content."""
        workspace = self.get_object()  # another workspace: 404
        if not perms.can_admin(self.get_serializer_context().get("roles", {}).get(workspace.pk)):
            raise AppError(_("Only owners change the workspace."), status_code=403)
        data = WorkspaceUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.workspace_rename(
            workspace=workspace,
            name=data.validated_data.get("name", workspace.name),
            language=data.validated_data.get("language"),
            actor=request.user,
        )
        return Response(self.get_serializer(workspace).data)


class MemberViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, WorkspaceViewSet):
    """Members of the workspace. Owners add (by email, with a role), change roles and remove."""

    serializer_class = MemberSerializer
    queryset = Membership.objects.select_related("user")
    permission_by_action = {
        "create": perms.ADMIN,
        "partial_update": perms.ADMIN,
        "update": perms.ADMIN,
        "destroy": perms.ADMIN,
    }
    filterset_fields = ["role"]
    ordering = ["user__email"]

    @extend_schema(request=MemberInviteSerializer, responses={201: MemberInviteResultSerializer})
    def create(self, request, *args, **kwargs):
        data = MemberInviteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = services.member_invite(workspace=self.workspace, actor=self.actor, **data.validated_data)
        if isinstance(result, Membership):
            body = {"status": "active", "member": MemberSerializer(result).data}
        else:
            body = {"status": "invited", "invitation": InvitationSerializer(result).data}
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(request=MemberRoleSerializer, responses={200: MemberSerializer})
    def partial_update(self, request, *args, **kwargs):
        membership = self.get_object()
        data = MemberRoleSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.membership_change_role(
            membership=membership, role=data.validated_data["role"], actor=self.actor
        )
        return Response(MemberSerializer(membership).data)

    @extend_schema(request=MemberRoleSerializer, responses={200: MemberSerializer})
    def update(self, request, *args, **kwargs):
        return self.partial_update(request, *args, **kwargs)

    def destroy(self, request, *args, **kwargs):
        services.membership_remove(membership=self.get_object(), actor=self.actor)
        return Response(status=status.HTTP_204_NO_CONTENT)


class InvitationViewSet(mixins.ListModelMixin, mixins.DestroyModelMixin, WorkspaceViewSet):
    """Open invitations; owners revoke them with DELETE."""

    serializer_class = InvitationSerializer
    queryset = Invitation.objects.filter(accepted_at__isnull=True, revoked_at__isnull=True)
    permission_by_action = {"list": perms.ADMIN, "destroy": perms.ADMIN}

    def perform_destroy(self, instance):
        services.invitation_revoke(invitation=instance, actor=self.actor)


class IntegrationTokenViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, WorkspaceViewSet):
    """Integration tokens of the workspace (owners only). The key is shown once, on creation;
    DELETE revokes."""

    serializer_class = IntegrationTokenSerializer
    queryset = ApiToken.objects.filter(kind="integration")
    permission_by_action = dict.fromkeys(("list", "retrieve", "create", "destroy"), perms.ADMIN)

    @extend_schema(responses={201: IntegrationTokenCreatedSerializer})
    def create(self, request, *args, **kwargs):
        serializer = IntegrationTokenSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        token, key = services.integration_token_create(
            workspace=self.workspace,
            actor=self.actor,
            name=serializer.validated_data["name"],
            scopes=serializer.validated_data["scopes"],
            expires_at=serializer.validated_data.get("expires_at"),
        )
        out = IntegrationTokenCreatedSerializer(token).data
        out["key"] = key
        return Response(out, status=status.HTTP_201_CREATED)

    @extend_schema(responses={204: None})
    def destroy(self, request, *args, **kwargs):
        services.api_token_revoke(token=self.get_object(), actor=self.actor)
        return Response(status=status.HTTP_204_NO_CONTENT)


class AuditLogViewSet(mixins.ListModelMixin, WorkspaceViewSet):
    """Who changed what (owners and managers)."""

    serializer_class = AuditLogSerializer
    queryset = AuditLog.objects.select_related("actor", "token")
    permission_by_action = {"list": perms.AUDIT}
    filterset_fields = {
        "action": ["exact", "startswith"],
        "created_at": ["gte", "lte"],
        "target_type": ["exact"],
    }


@extend_schema(
    responses={
        200: inline_serializer(
            "Me",
            {
                "email": serializers.EmailField(),
                "full_name": serializers.CharField(),
                "language": serializers.CharField(),
            },
        )
    }
)
class MeView(APIView):
    """The signed-in user."""

    def get(self, request):
        user = request.user
        if not hasattr(user, "email"):
            raise AppError(_("An integration token acts for no user."), status_code=403)
        return Response({"email": user.email, "full_name": user.full_name, "language": user.language})


workspace_router = SimpleRouter()
workspace_router.register("members", MemberViewSet, basename="member")
workspace_router.register("invitations", InvitationViewSet, basename="invitation")
workspace_router.register("tokens", IntegrationTokenViewSet, basename="token")
workspace_router.register("audit-log", AuditLogViewSet, basename="audit-log")
