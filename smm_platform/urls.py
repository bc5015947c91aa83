from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularSwaggerSplitView

from .health import healthz
from .schema_view import SchemaView

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("smm_platform.api_urls")),
    path("api/schema/", SchemaView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file: no inline script (CSP).
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="swagger-ui"),
    path("", include("accounts.urls")),
    path("w/<slug:workspace_slug>/", include("reports.urls")),
    path("w/<slug:workspace_slug>/campaigns/", include("campaigns.urls")),
    path("w/<slug:workspace_slug>/plan/", include("planning.urls")),
    path("w/<slug:workspace_slug>/partners/", include("partners.urls")),
    path("w/<slug:workspace_slug>/inbox/", include("negativity.urls")),
    path("w/<slug:workspace_slug>/integrations/", include("integrations.urls")),
    path("w/<slug:workspace_slug>/social/", include("social.urls")),
]
# No URL serves MEDIA_ROOT: files are private (smm_platform/files.py).
