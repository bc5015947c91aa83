"""``/api/schema/``: one English document, whatever ``Accept-Language`` says (only error messages
of the API follow the caller's language)."""

from django.utils import translation
from drf_spectacular.views import SpectacularAPIView


class SchemaView(SpectacularAPIView):
    def dispatch(self, request, *args, **kwargs):
        with translation.override("en"):
            response = super().dispatch(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()  # inside the override: lazy labels become English text
        response["Content-Language"] = "en"
        return response
