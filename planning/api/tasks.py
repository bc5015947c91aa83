"""API of tasks (the kanban board) and milestones."""

from __future__ import annotations

from rest_framework import mixins, serializers

from accounts.api_base import WorkspaceRelatedField, WorkspaceViewSet
from campaigns.models import Campaign

from .. import services
from ..models import Milestone, Task
from .common import MemberField, Write


# --- tasks and milestones -----------------------------------------------------------------------
class TaskSerializer(serializers.ModelSerializer):
    campaign = WorkspaceRelatedField(queryset=Campaign.objects.all(), required=False, allow_null=True)
    milestone = WorkspaceRelatedField(queryset=Milestone.objects.all(), required=False, allow_null=True)
    assignee = MemberField(required=False, allow_null=True)
    depends_on = WorkspaceRelatedField(queryset=Task.objects.all(), many=True, required=False)
    is_overdue = serializers.SerializerMethodField()

    class Meta:
        model = Task
        fields = [
            "id",
            "title",
            "description",
            "campaign",
            "milestone",
            "assignee",
            "due_on",
            "status",
            "depends_on",
            "is_overdue",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def get_is_overdue(self, task) -> bool:
        from django.utils import timezone

        return bool(task.due_on and task.due_on < timezone.localdate() and task.status != "done")


class TaskViewSet(
    Write,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    WorkspaceViewSet,
):
    """Project tasks (kanban: todo, doing, review, done) with dependencies and milestones."""

    queryset = Task.objects.select_related("assignee", "campaign", "milestone").prefetch_related("depends_on")
    serializer_class = TaskSerializer
    filterset_fields = ["campaign", "milestone", "assignee", "status"]

    def perform_create(self, serializer):
        serializer.instance = services.task_create(
            workspace=self.workspace, **self.svc(**serializer.validated_data)
        )

    def perform_update(self, serializer):
        serializer.instance = services.task_update(
            task=serializer.instance, **self.svc(**serializer.validated_data)
        )


class MilestoneSerializer(serializers.ModelSerializer):
    campaign = WorkspaceRelatedField(queryset=Campaign.objects.all(), required=False, allow_null=True)

    class Meta:
        model = Milestone
        fields = ["id", "title", "due_on", "campaign"]


class MilestoneViewSet(
    Write, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, WorkspaceViewSet
):
    queryset = Milestone.objects.all()
    serializer_class = MilestoneSerializer
    filterset_fields = ["campaign"]

    def perform_create(self, serializer):
        serializer.instance = services.milestone_create(
            workspace=self.workspace, **self.svc(**serializer.validated_data)
        )
