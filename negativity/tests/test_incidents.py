"""Attack detection's services: incidents on ingest (debounced), ordered from coordination,
dismissal reverting members, the crisis of genuine complaints, merging into open incidents."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Notification
from negativity import attack_gen, incidents, services, tasks
from negativity.models import DetectionState, Incident, Mention

from .factories import AuthorFactory, MentionFactory

pytestmark = pytest.mark.django_db

ATTACK = "Не покупайте в Колосок! Отравилась после их выпечки, вся семья в больнице. Обходите стороной!"


def _attack(ws, n=8, now=None, start=0):
    now = now or timezone.now()
    out = []
    for i in range(start, start + n):
        author = AuthorFactory(workspace=ws, followers=2, account_created_at=now - timedelta(days=3))
        text = ATTACK if i % 2 else ATTACK.replace("Обходите стороной!", "Обходите стороной!!!")
        out.append(
            MentionFactory(
                workspace=ws,
                author=author,
                text=text,
                category="natural",
                risk=40,
                published_at=now - timedelta(minutes=5 * i),
            )
        )
    return out


def _ingest(ws, rows, actor=None):
    return services.mentions_ingest(
        workspace=ws, rows=attack_gen.ingest_rows(rows), actor=actor, schedule_detection=False
    )


def test_detection_opens_incident_marks_members_ordered_alerts_and_emits(
    personas, django_capture_on_commit_callbacks
):
    from smm_platform.events import domain_event

    ws = personas.workspace
    mentions = _attack(ws)
    praise = MentionFactory(workspace=ws, text="Круассан сегодня чудесный!", category="positive", risk=0)
    events = []
    domain_event.connect(
        lambda sender, event, payload, **kw: events.append((event, payload)), weak=False, dispatch_uid="t-det"
    )
    try:
        with django_capture_on_commit_callbacks(execute=True):
            opened = services.incidents_detect(workspace=ws)
    finally:
        domain_event.disconnect(dispatch_uid="t-det")
    assert len(opened) == 1
    incident = opened[0]
    assert (incident.kind, incident.status, incident.mention_count) == ("coordinated", "open", 8)
    assert incident.signals["new_account_share"] == 1.0 and incident.signals["sync_share"] == 1.0
    assert incident.confidence >= 0.7
    assert "после их выпечки" in " | ".join(incident.shared_phrases)
    members = Mention.objects.filter(incident=incident)
    assert {m.pk for m in members} == {m.pk for m in mentions}
    assert set(members.values_list("category", "text_category")) == {("ordered", "natural")}
    member = members.get(pk=mentions[0].pk)
    codes = [r["code"] for r in member.explanation]
    assert {
        "coordination_cluster",
        "coordination_accounts",
        "coordination_own_account",
        "coordination_sync",
    } <= set(codes)
    assert {"code": "incident", "points": 10} in member.explanation
    assert member.risk > 40
    praise.refresh_from_db()
    assert (praise.category, praise.incident_id) == ("positive", None)
    assert set(
        Notification.objects.filter(kind="negativity.incident").values_list("user__email", flat=True)
    ) == {
        "owner@acme.test",
        "manager@acme.test",
    }
    assert sorted(m.to[0] for m in mail.outbox) == ["manager@acme.test", "owner@acme.test"]
    assert [e for e, _p in events] == ["incident.opened"]
    assert set(events[0][1]["mentions"]) == {m.pk for m in mentions}


def test_the_evidence_reads_in_russian_and_english(personas):
    from django.utils import translation

    from negativity import rules

    ws = personas.workspace
    mentions = _attack(ws)
    services.incidents_detect(workspace=ws)
    member = Mention.objects.get(pk=mentions[0].pk)
    reasons = [r for r in member.explanation if r["code"] == "coordination_cluster"]
    with translation.override("en"):
        assert rules.describe_reason(reasons[0]).startswith("Part of coordinated attack #")
    with translation.override("ru"):
        assert rules.describe_reason(reasons[0]).startswith("Часть скоординированной атаки №")


def test_detection_twice_grows_the_same_incident(personas):
    ws = personas.workspace
    _attack(ws, n=6)
    [incident] = services.incidents_detect(workspace=ws)
    _attack(ws, n=3, start=6)
    assert services.incidents_detect(workspace=ws) == []
    incident.refresh_from_db()
    assert Incident.objects.count() == 1
    assert incident.mention_count == 9
    assert Mention.objects.filter(incident=incident, category="ordered").count() == 9


def test_detection_ignores_organic_variety(personas):
    ws = personas.workspace
    for i, text in enumerate(
        [
            "Заказ №48213 привезли холодным",
            "Круассан чудесный",
            "Курьер нагрубил на Ленина, 5",
            "Подскажите часы работы",
            "Цены выросли на 20 ₽",
        ]
    ):
        MentionFactory(workspace=ws, text=text, external_id=f"o{i}")
    assert services.incidents_detect(workspace=ws) == []


def test_the_same_text_from_established_customers_is_not_ordered(personas):
    ws = personas.workspace
    now = timezone.now()
    for i in range(8):  # a shared grievance, reposted by real customers over two days
        author = AuthorFactory(workspace=ws, followers=400, mentions_count=5)
        MentionFactory(workspace=ws, author=author, text=ATTACK, published_at=now - timedelta(hours=6 * i))
    assert services.incidents_detect(workspace=ws) == []
    assert not Mention.objects.filter(category="ordered").exists()


def test_dismissal_reverts_members_and_reopening_marks_them_again(personas):
    ws = personas.workspace
    mentions = _attack(ws)
    [incident] = services.incidents_detect(workspace=ws)
    corrected = mentions[1]
    services.mention_correct(
        workspace=ws,
        mention=Mention.objects.get(pk=corrected.pk),
        category="trolling",
        actor=personas.marketer,
    )

    services.incident_set_status(workspace=ws, incident=incident, status="dismissed", actor=personas.manager)
    members = Mention.objects.filter(incident=incident)
    assert set(members.exclude(pk=corrected.pk).values_list("category", flat=True)) == {"natural"}
    assert members.get(pk=corrected.pk).category == "trolling"  # a person's verdict stays
    reverted = members.get(pk=mentions[0].pk)
    assert not [r for r in reverted.explanation if r["code"].startswith("coordination")]
    assert {"code": "incident", "points": 10} not in reverted.explanation
    # dismissed members are not found again by the next run
    assert services.incidents_detect(workspace=ws) == []
    assert Mention.objects.filter(category="ordered").count() == 0

    services.incident_set_status(workspace=ws, incident=incident, status="confirmed", actor=personas.manager)
    assert set(members.exclude(pk=corrected.pk).values_list("category", flat=True)) == {"ordered"}
    assert members.get(pk=corrected.pk).category == "trolling"


def test_unknown_incident_status_is_refused_and_nothing_changes(personas):
    from smm_platform.errors import AppError

    ws = personas.workspace
    _attack(ws)
    [incident] = services.incidents_detect(workspace=ws)
    with pytest.raises(AppError):
        services.incident_set_status(workspace=ws, incident=incident, status="gone", actor=personas.manager)
    incident.refresh_from_db()
    assert incident.status == "open"
    assert Mention.objects.filter(incident=incident, category="ordered").count() == 8


def test_a_genuine_outage_wave_is_a_crisis_and_its_members_stay_natural(personas):
    ws = personas.workspace
    now = timezone.now().replace(microsecond=0)
    background = attack_gen.genuine(count=60, end=now - timedelta(hours=2), days=6)
    wave = attack_gen.outage_wave(count=100, start=now - timedelta(minutes=50), span_minutes=45)
    _ingest(ws, attack_gen.history(background + wave, before=now - timedelta(days=7)) + background + wave)

    opened = services.incidents_detect(workspace=ws, now=now)
    assert [i.kind for i in opened] == ["crisis"]
    crisis = opened[0]
    # every wave mention the text model calls negative is in the crisis (none is left alone)
    wave = Mention.objects.filter(external_id__startswith="wave-")
    negative = set(wave.filter(category__in=["natural", "trolling"]).values_list("pk", flat=True))
    members = set(Mention.objects.filter(incident=crisis).values_list("pk", flat=True))
    assert len(negative) >= 50 and negative <= members
    assert not Mention.objects.filter(category="ordered").exists()
    member = Mention.objects.filter(incident=crisis).first()
    assert [r["code"] for r in member.explanation if r["code"].startswith("coordination")] == [
        "coordination_crisis"
    ]
    assert Notification.objects.filter(kind="negativity.crisis").count() == 2


def test_a_varied_attack_beside_a_wave_is_one_incident_and_the_wave_stays_natural(personas):
    ws = personas.workspace
    now = timezone.now().replace(microsecond=0)
    background = attack_gen.genuine(count=60, end=now - timedelta(hours=2), days=6)
    wave = attack_gen.outage_wave(count=100, start=now - timedelta(minutes=50), span_minutes=45)
    attack = attack_gen.attack(
        size=40,
        start=now - timedelta(minutes=55),
        span_minutes=50,
        styles=("typos", "caps", "emoji", "reorder", "translit", "lookalike", "links", "mentions"),
        styles_per_post=3,
    )
    _ingest(
        ws, attack_gen.history(background + wave, before=now - timedelta(days=7)) + background + wave + attack
    )

    opened = services.incidents_detect(workspace=ws, now=now)
    assert sorted(i.kind for i in opened) == ["coordinated", "crisis"]
    attack_incident = next(i for i in opened if i.kind == "coordinated")
    ordered = set(Mention.objects.filter(category="ordered").values_list("external_id", flat=True))
    assert ordered <= {r["external_id"] for r in attack}  # not one genuine customer is ordered
    assert len(ordered) >= 36  # at least 90 % of the attack
    assert (
        set(Mention.objects.filter(incident=attack_incident).values_list("external_id", flat=True)) == ordered
    )


def test_new_variants_merge_into_the_open_incident(personas):
    ws = personas.workspace
    now = timezone.now().replace(microsecond=0)
    first = attack_gen.attack(size=12, start=now - timedelta(hours=30), span_minutes=60, seed=5)
    _ingest(ws, first)
    [incident] = services.incidents_detect(workspace=ws, now=now - timedelta(hours=28))
    later = attack_gen.attack(
        size=10, start=now - timedelta(minutes=60), span_minutes=50, seed=6, styles=("typos", "emoji")
    )
    _ingest(ws, later)
    assert services.incidents_detect(workspace=ws, now=now) == []
    incident.refresh_from_db()
    assert incident.mention_count == 22
    assert Incident.objects.filter(workspace=ws).count() == 1


# --- on ingest ---------------------------------------------------------------------------------
def test_ingest_raises_the_flag_once_per_batch_and_queues_one_detection(
    personas, django_capture_on_commit_callbacks
):
    ws = personas.workspace
    now = timezone.now()
    rows = attack_gen.ingest_rows(
        attack_gen.attack(size=10, start=now - timedelta(minutes=30), span_minutes=25)
    )
    with django_capture_on_commit_callbacks() as callbacks, CaptureQueriesContext(connection) as queries:
        services.mentions_ingest(workspace=ws, rows=rows[:5], actor=personas.marketer)
    flag_writes = [q for q in queries.captured_queries if "negativity_detectionstate" in q["sql"]]
    assert len(flag_writes) == 1
    assert DetectionState.objects.get(workspace=ws).dirty_since is not None
    queued = len(callbacks)
    with django_capture_on_commit_callbacks() as more:
        services.mentions_ingest(workspace=ws, rows=rows[5:], actor=personas.marketer)
    # the second batch finds the flag up: it queues nothing more (only its mention events)
    assert len(more) == queued - 1


def test_detection_on_ingest_opens_one_incident_and_takes_the_flag(
    personas, django_capture_on_commit_callbacks
):
    ws = personas.workspace
    now = timezone.now()
    rows = attack_gen.ingest_rows(
        attack_gen.attack(size=12, start=now - timedelta(minutes=40), span_minutes=35)
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.mentions_ingest(workspace=ws, rows=rows, actor=personas.marketer)
    [incident] = Incident.objects.filter(workspace=ws)
    assert incident.mention_count == 12
    assert Mention.objects.filter(workspace=ws, category="ordered").count() == 12
    assert DetectionState.objects.get(workspace=ws).dirty_since is None
    assert tasks.detect_attacks_on_ingest(workspace_id=ws.pk) == 0  # flag already taken


def test_beat_sweeps_a_stale_flag_and_detects(personas):
    ws = personas.workspace
    _attack(ws, n=6)
    DetectionState.objects.create(workspace=ws, dirty_since=timezone.now() - timedelta(minutes=10))
    assert tasks.detect_attacks_all() == 1
    assert Incident.objects.filter(workspace=ws).count() == 1
    assert DetectionState.objects.get(workspace=ws).dirty_since is None


def test_a_text_alone_is_never_ordered_on_ingest(personas):
    assert incidents.text_only_category("ordered") == "natural"
    ws = personas.workspace
    services.mentions_ingest(
        workspace=ws,
        rows=[
            {
                "source": "vk",
                "external_id": "one",
                "author": {"handle": "fresh", "created_at": timezone.now().isoformat(), "followers": 0},
                "text": ATTACK,
                "published_at": timezone.now().isoformat(),
            }
        ],
        schedule_detection=False,
    )
    mention = Mention.objects.get(external_id="one")
    assert mention.category != "ordered" and mention.text_category == mention.category


# --- API -----------------------------------------------------------------------------------------
def test_api_shows_the_evidence_and_dismissal_reverts_members(personas, api_as):
    ws = personas.workspace
    mentions = _attack(ws)
    [incident] = services.incidents_detect(workspace=ws)
    client = api_as(personas.manager)
    body = client.get(f"/api/v1/workspaces/{ws.slug}/mentions/{mentions[0].pk}/").json()
    assert (body["category"], body["text_category"], body["incident"]) == ("ordered", "natural", incident.pk)
    assert any(s.startswith("Part of coordinated attack #") for s in body["explanation"])

    bad = client.post(
        f"/api/v1/workspaces/{ws.slug}/incidents/{incident.pk}/status/", {"status": "x"}, format="json"
    )
    assert bad.status_code == 400
    assert Mention.objects.filter(incident=incident, category="ordered").count() == 8

    done = client.post(
        f"/api/v1/workspaces/{ws.slug}/incidents/{incident.pk}/status/",
        {"status": "dismissed"},
        format="json",
    )
    assert done.status_code == 200 and done.json()["status"] == "dismissed"
    body = client.get(f"/api/v1/workspaces/{ws.slug}/mentions/{mentions[0].pk}/").json()
    assert body["category"] == "natural"
    assert not any("coordinated attack" in s for s in body["explanation"])


@pytest.mark.django_db(transaction=True)
def test_evaluate_classifier_prints_the_attack_figures(capsys):
    from negativity.attack_bench import evaluation_section
    from negativity.management.commands.evaluate_classifier import EXTRA_SECTIONS

    assert evaluation_section in EXTRA_SECTIONS
    title, lines = evaluation_section({"corpus_dir": "/nonexistent"})
    assert title.startswith("Attack detection (")
    assert lines[1].split()[:4] == ["templated", "1.000", "1.000", "1"]
    assert lines[-1] == "genuine complaints called ordered: 0 of 300"
    assert not Incident.objects.exists()  # the benchmark's workspaces are gone
