"""Ingest's storage steps through the ORM, for databases other than PostgreSQL (the zero-setup
SQLite demo): the same reads and writes as the set-based statements of ``ingest`` (which use
``jsonb_to_recordset`` and ``COPY``), in a few statements a batch. A test ingests the same batches
by both paths and compares what is stored."""

from __future__ import annotations

from datetime import datetime

from django.db.models import F

from accounts.models import Workspace

from ..models import Author, Mention


def known_mentions(workspace: Workspace, clean: list[dict]) -> dict[tuple[str, str], int]:
    """``(source, external_id) -> id`` of the batch's mentions stored before."""
    wanted = {(r["source"], r["external_id"]) for r in clean}
    found = Mention.objects.filter(workspace=workspace, external_id__in={e for _s, e in wanted}).values_list(
        "source", "external_id", "id"
    )
    return {(s, e): pk for s, e, pk in found if (s, e) in wanted}


def stored_authors(workspace: Workspace, wanted) -> dict[tuple[str, str], list]:
    """``(source, handle) -> [id, name, followers, account_created_at, mentions_count,
    negative_count]`` of the batch's authors stored before."""
    found = Author.objects.filter(workspace=workspace, handle__in={h for _s, h in wanted}).values_list(
        "source",
        "handle",
        "id",
        "name",
        "followers",
        "account_created_at",
        "mentions_count",
        "negative_count",
    )
    return {(s, h): rest for s, h, *rest in found if (s, h) in wanted}


def save_authors(workspace: Workspace, authors: dict, now: datetime) -> None:
    """``ingest._upsert_authors`` through the ORM (``authors``: its ``_AuthorState`` values by key):
    known authors updated one by one, new ones in one bulk insert whose primary keys come back."""
    new = [a for a in authors.values() if a.pk is None]
    for a in authors.values():
        if a.pk is not None:
            Author.objects.filter(pk=a.pk).update(
                name=a.name,
                account_created_at=a.account_created_at,
                followers=a.followers,
                mentions_count=F("mentions_count") + a.new_mentions,
                negative_count=F("negative_count") + a.new_negative,
            )
    created = Author.objects.bulk_create(
        [
            Author(
                workspace=workspace,
                source=a.source,
                handle=a.handle,
                name=a.name,
                account_created_at=a.account_created_at,
                followers=a.followers,
                mentions_count=a.new_mentions,
                negative_count=a.new_negative,
                first_seen_at=now,
            )
            for a in new
        ]
    )
    for a, obj in zip(new, created, strict=True):
        a.pk = obj.pk


def insert_mentions(mentions: list[dict], now: datetime) -> list[int]:
    """``ingest._copy_mentions``: one bulk insert of the new mentions (dicts of their columns),
    their ids read back and set on the dicts."""
    objects = []
    for mention in mentions:
        obj = Mention(**mention)
        obj.received_at = obj.updated_at = now
        objects.append(obj)
    Mention.objects.bulk_create(objects)
    for mention, obj in zip(mentions, objects, strict=True):
        mention["id"] = obj.pk
    return [obj.pk for obj in objects]


def refresh_counts(batch: list[dict]) -> None:
    """``ingest._refresh_counts``: reach, likes and replies of known mentions (``id`` and the three)."""
    Mention.objects.bulk_update(
        [Mention(id=v["id"], reach=v["reach"], likes=v["likes"], replies=v["replies"]) for v in batch],
        ["reach", "likes", "replies"],
    )
