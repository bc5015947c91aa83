"""The dashboard half of the tenancy mechanism: every workspace page derives from these."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.forms import ChoiceField, ModelChoiceField, ModelMultipleChoiceField
from django.shortcuts import redirect
from django.views.generic import TemplateView

from smm_platform.errors import AppError

from . import permissions as perms
from .tenancy import WorkspaceContext, WorkspaceScopedModel, resolve_workspace


class WorkspaceViewMixin(LoginRequiredMixin):
    """Resolves ``workspace_slug`` for the signed-in user (404 for a stranger), checks the role
    (``permission`` to read, ``write_permission`` for POST/PUT/PATCH/DELETE: 403 when lacking),
    and scopes ``get_queryset()`` to the workspace."""

    permission = perms.VIEW
    write_permission = perms.EDIT
    section = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.ctx: WorkspaceContext = resolve_workspace(
            user=request.user, token=None, slug=kwargs["workspace_slug"]
        )
        request.workspace = self.ctx.workspace
        needed = self.permission if request.method in ("GET", "HEAD", "OPTIONS") else self.write_permission
        if not self.ctx.allows(needed):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @property
    def workspace(self):
        return self.ctx.workspace

    def get_queryset(self):
        return super().get_queryset().for_workspace(self.workspace)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            workspace=self.workspace,
            membership=self.ctx.membership,
            role=self.ctx.role,
            can_edit=self.ctx.allows(perms.EDIT),
            can_approve=self.ctx.allows(perms.APPROVE),
            can_admin=self.ctx.allows(perms.ADMIN),
            can_audit=self.ctx.allows(perms.AUDIT),
            section=self.section,
        )
        return context

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if issubclass(self.get_form_class(), WorkspaceFormMixin):
            kwargs["workspace"] = self.workspace
        return kwargs

    def app_error(self, exc: AppError, form=None):
        """Show a service's error as a flash message and, when given, on the form's fields."""
        if form is not None:
            for field, errors in exc.errors.items():
                for error in errors if isinstance(errors, list) else [errors]:
                    form.add_error(field if field in form.fields else None, str(error))
            if not exc.errors:
                form.add_error(None, exc.message)
            return self.form_invalid(form)
        messages.error(self.request, exc.message)
        return redirect(self.request.path)


#: Django's placeholder for "nothing chosen" in a select (untranslatable); ours reads as a dash,
#: like the filters' "—".
DJANGO_BLANK = "---------"
BLANK = "—"


class WorkspaceFormMixin:
    """A form bound to a workspace: every choice of a workspace-scoped model is limited to it, and
    an empty choice reads "—", not Django's "---------"."""

    def __init__(self, *args, workspace=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.workspace = workspace
        for field in self.fields.values():
            if isinstance(field, ModelChoiceField | ModelMultipleChoiceField):
                model = field.queryset.model
                if issubclass(model, WorkspaceScopedModel):
                    field.queryset = (
                        field.queryset.for_workspace(workspace) if workspace else field.queryset.none()
                    )
                if getattr(field, "empty_label", None) == DJANGO_BLANK:
                    field.empty_label = BLANK
            elif isinstance(field, ChoiceField) and any(label == DJANGO_BLANK for _v, label in field.choices):
                field.choices = [(v, BLANK if label == DJANGO_BLANK else label) for v, label in field.choices]


class SectionPage(WorkspaceViewMixin, TemplateView):
    """A read-only page of a workspace section; ``template_name`` and ``section`` set per URL."""
