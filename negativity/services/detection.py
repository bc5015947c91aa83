"""Attack detection as the inbox sees it (the engine lives in ``negativity.incidents``)."""

from __future__ import annotations

from accounts.models import Workspace

from ..incidents import detection_mark_dirty


# --- attack detection (negativity.incidents) --------------------------------------------------
def incidents_detect_soon(*, workspace: Workspace) -> None:
    """Queue attack detection for the workspace (debounced): see ``incidents.detection_mark_dirty``."""
    detection_mark_dirty(workspace=workspace)
