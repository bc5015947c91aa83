"""Private files: the one way an uploaded or generated file leaves the platform.

Nothing under ``MEDIA_ROOT`` is served by URL. A file reaches a browser or an API client only
through a view that has resolved the workspace for the caller and checked the role (report
downloads in ``reports.views``/``reports.api``, plan item attachments in ``planning.views``/
``planning.api``); those views hand the file to ``private_file_response``.

``PRIVATE_FILES_SERVER`` picks how the bytes travel:

* ``""`` (default): Django streams the file itself (``FileResponse``);
* ``"x-accel-redirect"``: nginx streams it; the response carries ``X-Accel-Redirect:
  <PRIVATE_FILES_INTERNAL_URL><name>`` and nginx maps that ``internal`` location to MEDIA_ROOT;
* ``"x-sendfile"``: Apache (mod_xsendfile) or lighttpd stream the absolute path.

Model files of the mentions classifier live outside ``MEDIA_ROOT`` (``NEGATIVITY_MODEL_DIR``) and
no view serves them.
"""

from __future__ import annotations

import mimetypes
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header

SERVERS = ("", "x-accel-redirect", "x-sendfile")


def private_file_response(
    field_file: FieldFile, *, filename: str, content_type: str | None = None, as_attachment: bool = True
) -> HttpResponse:
    """The response that delivers ``field_file`` to a caller the view has already authorised.
    A missing file is a 404."""
    server = getattr(settings, "PRIVATE_FILES_SERVER", "")
    if server not in SERVERS:
        raise ImproperlyConfigured(f"PRIVATE_FILES_SERVER={server!r}: use one of {SERVERS}.")
    content_type = content_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
    if not field_file or not field_file.storage.exists(field_file.name):
        raise Http404
    if server == "":
        response = FileResponse(
            field_file.open("rb"), as_attachment=as_attachment, filename=filename, content_type=content_type
        )
    else:
        response = HttpResponse(content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
        if server == "x-accel-redirect":
            prefix = settings.PRIVATE_FILES_INTERNAL_URL.rstrip("/") + "/"
            response["X-Accel-Redirect"] = prefix + quote(field_file.name)
        else:
            response["X-Sendfile"] = field_file.path
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
