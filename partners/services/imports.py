"""Partner imports: row validation, preview, column remap, apply, and the bulk import of the API."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.services import audit_record
from smm_platform import tabular
from smm_platform.errors import AppError, Conflict

from ..enums import ImportStatus
from ..models import Partner, PartnerChannel, PartnerImport
from .directory import PARTNER_FIELDS, _channel, _derive, refresh_channel_totals


def _row_partner_data(row: dict) -> tuple[dict | None, dict]:
    """Validate one import row (flat: name, kind, platform, url, handle, audience_size,
    engagement_rate, topics, geography, tags, price, currency, email, phone, telegram, notes)."""
    from ..forms import PartnerRowForm

    form = PartnerRowForm(data={k: ("" if v is None else v) for k, v in row.items()})
    if not form.is_valid():
        return None, {field: [str(e) for e in errs] for field, errs in form.errors.items()}
    return form.to_partner_data(), {}


def _split_rows(workspace, rows: list[dict]) -> tuple[list[dict], dict, dict]:
    """Parse rows; per-row errors and duplicates (against the directory and earlier rows)."""
    parsed: list[dict] = []
    errors: dict[str, dict] = {}
    duplicates: dict[str, str] = {}
    for index, row in enumerate(rows):
        data, row_errors = _row_partner_data(row)
        if row_errors:
            errors[str(index + 1)] = row_errors
        parsed.append(data or {})
    urls, handles = set(), set()
    for data in parsed:
        for ch in data.get("channels", []):
            if ch["url"]:
                urls.add(ch["url"])
            if ch["handle"]:
                handles.add(ch["handle"])
    existing = {}
    if urls or handles:
        for url, platform, handle, name in (
            PartnerChannel.objects.for_workspace(workspace)
            .filter(Q(url__in=urls) | Q(handle__in=handles))
            .values_list("url", "platform", "handle", "partner__name")
        ):
            if url:
                existing[("url", url)] = name
            if handle:
                existing[("handle", platform, handle)] = name
    seen: dict = {}
    for index, data in enumerate(parsed):
        if not data:
            continue
        for ch in data.get("channels", []):
            keys = []
            if ch["url"]:
                keys.append(("url", ch["url"]))
            if ch["handle"]:
                keys.append(("handle", ch["platform"], ch["handle"]))
            for key in keys:
                if key in existing:
                    duplicates[str(index + 1)] = _("Already in the directory: %(name)s.") % {
                        "name": existing[key]
                    }
                elif key in seen:
                    duplicates[str(index + 1)] = _("Same channel as row %(row)s.") % {"row": seen[key]}
            for key in keys:
                seen.setdefault(key, index + 1)
    return parsed, errors, duplicates


def partner_import_preview(
    *, workspace, actor, file_name: str, rows: list[dict], table: dict | None = None, mapping=None
) -> PartnerImport:
    """Store an upload's rows with their errors and duplicates for the preview (nothing imported).
    ``table`` (the file as read, ``Table.as_stash``) and ``mapping`` let the person fix the column
    mapping in the preview (:func:`partner_import_remap`)."""
    if not rows:
        raise AppError(_("The file has no rows."), errors={"file": [_("The file has no rows.")]})
    _parsed, errors, duplicates = _split_rows(workspace, rows)
    partner_import = PartnerImport.objects.create(
        workspace=workspace,
        file_name=file_name[:200],
        table=table or {},
        mapping=list(mapping or []),
        rows=rows,
        errors=errors,
        duplicates=duplicates,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    audit_record(
        workspace=workspace,
        actor=actor,
        action="partner_import.uploaded",
        target=partner_import,
        changes={"rows": len(rows), "errors": len(errors), "duplicates": len(duplicates)},
    )
    return partner_import


@transaction.atomic
def partner_import_remap(*, partner_import: PartnerImport, actor, mapping: list[str]) -> PartnerImport:
    """Read the previewed file again with the column mapping the person chose: new rows, errors and
    duplicates (nothing imported). Only an import still in preview whose file was kept."""
    from .. import importing

    locked = PartnerImport.objects.select_for_update().get(pk=partner_import.pk)
    if locked.status != ImportStatus.PREVIEW:
        raise Conflict(_("This import was already applied."))
    if not locked.table:
        raise AppError(_("This import's file was not kept: upload it again."))
    table = tabular.Table.from_stash(locked.table)
    rows = importing.rows_from_table(table, mapping)
    _parsed, errors, duplicates = _split_rows(locked.workspace, rows)
    locked.mapping, locked.rows, locked.errors, locked.duplicates = mapping, rows, errors, duplicates
    locked.save(update_fields=["mapping", "rows", "errors", "duplicates"])
    audit_record(
        workspace=locked.workspace,
        actor=actor,
        action="partner_import.remapped",
        target=locked,
        changes={"mapping": mapping, "errors": len(errors), "duplicates": len(duplicates)},
    )
    return locked


def _bulk_create_partners(workspace, actor, parsed: list[dict]) -> list[Partner]:
    partners = []
    for data in parsed:
        partner = Partner(workspace=workspace, owner=actor if getattr(actor, "pk", None) else None)
        for key in PARTNER_FIELDS:
            if key in data:
                setattr(partner, key, data[key])
        _derive(partner)
        partners.append(partner)
    Partner.objects.bulk_create(partners)
    channels = [
        _channel(p, c) for p, data in zip(partners, parsed, strict=True) for c in data.get("channels", [])
    ]
    PartnerChannel.objects.bulk_create(channels)
    refresh_channel_totals([p.pk for p in partners])
    return partners


@transaction.atomic
def partner_import_apply(*, partner_import: PartnerImport, actor) -> int:
    """Create every row of a previewed import, skipping duplicates. Rows with errors reject the
    whole import (nothing written). Returns the number of partners created."""
    locked = PartnerImport.objects.select_for_update().get(pk=partner_import.pk)
    if locked.status != ImportStatus.PREVIEW:
        raise Conflict(_("This import was already applied."))
    parsed, errors, duplicates = _split_rows(locked.workspace, locked.rows)
    if errors:
        locked.errors, locked.duplicates = errors, duplicates
        locked.save(update_fields=["errors", "duplicates"])
        raise AppError(_("Fix the rows with errors and upload the file again."), errors={"rows": errors})
    keep = [data for i, data in enumerate(parsed) if str(i + 1) not in duplicates]
    created = _bulk_create_partners(locked.workspace, actor, keep)
    locked.status, locked.created_count, locked.duplicates = ImportStatus.APPLIED, len(created), duplicates
    locked.save(update_fields=["status", "created_count", "duplicates"])
    audit_record(
        workspace=locked.workspace,
        actor=actor,
        action="partner_import.applied",
        target=locked,
        changes={"created": len(created), "skipped_duplicates": len(duplicates)},
    )
    partner_import.status, partner_import.created_count = locked.status, locked.created_count
    return len(created)


@transaction.atomic
def partners_bulk_import(*, workspace, actor, rows: list[dict], token=None) -> dict:
    """API bulk import of flat rows: any invalid row rejects the batch (errors by row number,
    counted from 1); duplicates are skipped and reported."""
    if not rows:
        raise AppError(_("Send at least one row."), errors={"rows": [_("Send at least one row.")]})
    parsed, errors, duplicates = _split_rows(workspace, rows)
    if errors:
        raise AppError(_("Some rows are invalid; nothing was imported."), errors={"rows": errors})
    keep = [data for i, data in enumerate(parsed) if str(i + 1) not in duplicates]
    created = _bulk_create_partners(workspace, actor, keep)
    audit_record(
        workspace=workspace,
        actor=actor,
        token=token,
        action="partner.bulk_imported",
        changes={"created": len(created), "skipped_duplicates": len(duplicates)},
    )
    return {"created": len(created), "duplicates": duplicates}
