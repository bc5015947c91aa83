"""``/api/v1/``: account endpoints, then every app's workspace-scoped router under
``workspaces/<workspace_slug>/``."""

from importlib import import_module

from django.urls import include, path
from rest_framework.routers import SimpleRouter

from accounts.api import AuthTokenView, MeView, UserTokenViewSet, WorkspaceViewSetAPI

# Apps whose ``api.py`` exposes ``workspace_router`` (a router of workspace-scoped viewsets).
WORKSPACE_API_APPS = [
    "accounts",
    "integrations",
    "campaigns",
    "planning",
    "partners",
    "negativity",
    "reports",
    "social",
]

root_router = SimpleRouter()
root_router.register("workspaces", WorkspaceViewSetAPI, basename="workspace")
root_router.register("auth/tokens", UserTokenViewSet, basename="user-token")

workspace_patterns = []
for app in WORKSPACE_API_APPS:
    try:
        module = import_module(f"{app}.api")
    except ModuleNotFoundError as exc:
        if exc.name != f"{app}.api":
            raise
        continue
    workspace_patterns += module.workspace_router.urls
    workspace_patterns += getattr(module, "extra_workspace_urls", [])

app_name = "api"
urlpatterns = [
    path("auth/token/", AuthTokenView.as_view(), name="auth-token"),
    path("me/", MeView.as_view(), name="me"),
    *root_router.urls,
    path("workspaces/<slug:workspace_slug>/", include(workspace_patterns)),
]
