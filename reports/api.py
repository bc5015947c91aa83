"""REST API of reports: runs (POST -> 202 with the id; GET status, progress, file links),
file downloads for members only, comments, review, and schedules."""

from __future__ import annotations

import django_filters
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from accounts import permissions as perms
from accounts.api_base import WorkspaceRelatedField, WorkspaceViewSet
from campaigns.models import Campaign
from smm_platform.files import private_file_response

from . import selectors, services
from .enums import CONTENT_TYPES, Frequency, ReportFormat, ReportKind
from .models import ReportComment, ReportFile, ReportRun, ReportSchedule

# --- serializers ------------------------------------------------------------------------------


class ReportFileSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = ReportFile
        fields = ["id", "format", "url", "size", "sha256", "created_at"]

    def get_url(self, obj) -> str:
        path = reverse(
            "api:report-file-download",
            kwargs={"workspace_slug": self.context["workspace_slug"], "pk": obj.pk},
        )
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request is not None else path


class ReportRunSerializer(serializers.ModelSerializer):
    formats = serializers.ListField(
        child=serializers.ChoiceField(choices=ReportFormat.choices), allow_empty=False, min_length=1
    )
    campaign = WorkspaceRelatedField(queryset=Campaign.objects.all(), required=False, allow_null=True)
    files = ReportFileSerializer(many=True, read_only=True)
    requested_by = serializers.EmailField(source="requested_by.email", default=None, read_only=True)
    reviewed_by = serializers.EmailField(source="reviewed_by.email", default=None, read_only=True)
    comment_count = serializers.IntegerField(read_only=True, default=0)

    class Meta:
        model = ReportRun
        fields = [
            "id",
            "kind",
            "period_start",
            "period_end",
            "formats",
            "campaign",
            "status",
            "progress",
            "error",
            "files",
            "snapshot_sha256",
            "attempts",
            "requested_by",
            "reviewed_by",
            "reviewed_at",
            "comment_count",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = [
            "status",
            "progress",
            "error",
            "snapshot_sha256",
            "attempts",
            "reviewed_at",
            "created_at",
            "started_at",
            "finished_at",
        ]


class ReportRunDetailSerializer(ReportRunSerializer):
    class Meta(ReportRunSerializer.Meta):
        fields = [*ReportRunSerializer.Meta.fields, "snapshot"]


class RunCreatedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    url = serializers.CharField()


class ReportCommentSerializer(serializers.ModelSerializer):
    author = serializers.EmailField(source="author.email", default=None, read_only=True)

    class Meta:
        model = ReportComment
        fields = ["id", "author", "text", "created_at"]
        read_only_fields = ["id", "author", "created_at"]


class ReportScheduleSerializer(serializers.ModelSerializer):
    formats = serializers.ListField(
        child=serializers.ChoiceField(choices=ReportFormat.choices), allow_empty=False, min_length=1
    )
    recipients = serializers.ListField(child=serializers.EmailField(), allow_empty=False, min_length=1)
    campaign = WorkspaceRelatedField(queryset=Campaign.objects.all(), required=False, allow_null=True)
    frequency = serializers.ChoiceField(choices=Frequency.choices)
    kind = serializers.ChoiceField(choices=ReportKind.choices)

    class Meta:
        model = ReportSchedule
        fields = [
            "id",
            "name",
            "kind",
            "frequency",
            "formats",
            "campaign",
            "recipients",
            "is_active",
            "created_at",
        ]
        read_only_fields = ["id", "is_active", "created_at"]


class ReportRunFilter(django_filters.FilterSet):
    period_start_after = django_filters.DateFilter(field_name="period_start", lookup_expr="gte")
    period_end_before = django_filters.DateFilter(field_name="period_end", lookup_expr="lte")

    class Meta:
        model = ReportRun
        fields = ["kind", "status", "campaign"]


# --- views ------------------------------------------------------------------------------------


class ReportRunViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, WorkspaceViewSet):
    """Report runs. POST queues one (202 with its id); a worker generates it; GET shows status,
    progress and file links. A finished run never changes."""

    queryset = ReportRun.objects.all()
    serializer_class = ReportRunSerializer
    filterset_class = ReportRunFilter
    ordering_fields = ["created_at", "period_start"]
    token_scope = "reports:write"
    permission_by_action = {"review": perms.APPROVE}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ReportRun.objects.none()
        qs = selectors.runs_for(workspace=self.workspace)
        return qs if self.action == "retrieve" else qs.defer("snapshot")

    def get_serializer_class(self):
        if self.action == "retrieve":
            return ReportRunDetailSerializer
        if self.action == "comments":
            return ReportCommentSerializer
        return super().get_serializer_class()

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "workspace_slug": self.kwargs.get("workspace_slug", "")}

    @extend_schema(request=ReportRunSerializer, responses={202: RunCreatedSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        run = services.run_request(
            workspace=self.workspace,
            actor=self.actor,
            token=self.token,
            kind=data["kind"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            formats=data["formats"],
            campaign=data.get("campaign"),
        )
        url = reverse("api:report-run-detail", kwargs={"workspace_slug": self.workspace.slug, "pk": run.pk})
        return Response(
            {"id": run.pk, "status": run.status, "url": request.build_absolute_uri(url)},
            status=status.HTTP_202_ACCEPTED,
        )

    @extend_schema(request=None, responses={202: ReportRunSerializer})
    @action(detail=True, methods=["post"])
    def retry(self, request, *args, **kwargs):
        run = services.run_retry(run=self.get_object(), actor=self.actor)
        return Response(self._out(run), status=status.HTTP_202_ACCEPTED)

    @extend_schema(request=None, responses={200: ReportRunSerializer})
    @action(detail=True, methods=["post"])
    def review(self, request, *args, **kwargs):
        run, _changed = services.run_mark_reviewed(run=self.get_object(), actor=self.actor)
        return Response(self._out(run))

    @extend_schema(methods=["GET"], responses={200: ReportCommentSerializer(many=True)})
    @extend_schema(
        methods=["POST"], request=ReportCommentSerializer, responses={201: ReportCommentSerializer}
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filterset_class=None)
    def comments(self, request, *args, **kwargs):
        run = self.get_object()
        if request.method == "POST":
            serializer = ReportCommentSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            comment = services.comment_add(run=run, actor=self.actor, text=serializer.validated_data["text"])
            return Response(ReportCommentSerializer(comment).data, status=status.HTTP_201_CREATED)
        return Response(ReportCommentSerializer(selectors.comments_for(run=run), many=True).data)

    def _out(self, run):
        run = selectors.runs_for(workspace=self.workspace).defer("snapshot").get(pk=run.pk)
        return ReportRunSerializer(run, context=self.get_serializer_context()).data


class ReportFileViewSet(mixins.RetrieveModelMixin, WorkspaceViewSet):
    """A run's file; ``download`` streams it to members of the workspace only."""

    queryset = ReportFile.objects.all()
    serializer_class = ReportFileSerializer

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "workspace_slug": self.kwargs.get("workspace_slug", "")}

    @extend_schema(
        responses={(200, content_type): OpenApiTypes.BINARY for content_type in CONTENT_TYPES.values()}
    )
    @action(detail=True, methods=["get"])
    def download(self, request, *args, **kwargs):
        report_file = self.get_object()
        response = private_file_response(
            report_file.file,
            filename=report_file.filename,
            content_type=CONTENT_TYPES.get(report_file.format),
        )
        response["X-Checksum-SHA256"] = report_file.sha256
        return response


class ReportScheduleViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.DestroyModelMixin, WorkspaceViewSet
):
    """Weekly or monthly reports emailed to recipients (django-celery-beat)."""

    queryset = ReportSchedule.objects.all()
    serializer_class = ReportScheduleSerializer
    filterset_fields = ["kind", "frequency"]
    token_scope = "reports:write"

    @extend_schema(responses={201: ReportScheduleSerializer})
    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        schedule = services.schedule_create(
            workspace=self.workspace, actor=self.actor, **serializer.validated_data
        )
        return Response(
            ReportScheduleSerializer(schedule, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    def perform_destroy(self, instance):
        services.schedule_delete(schedule=instance, actor=self.actor)


workspace_router = SimpleRouter()
workspace_router.register("reports", ReportRunViewSet, basename="report-run")
workspace_router.register("report-files", ReportFileViewSet, basename="report-file")
workspace_router.register("report-schedules", ReportScheduleViewSet, basename="report-schedule")
