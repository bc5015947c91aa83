"""The demo inbox tells the kinds apart with evidence: trolls, real complaints, last night's
coordinated attack (ordered, one incident) and this hour's crisis of genuine complaints
(natural, its own incident)."""

import pytest

from accounts.demo import DemoPeople
from negativity import demo
from negativity.models import Incident, Mention

pytestmark = pytest.mark.django_db


def test_demo_inbox_has_each_kind_with_its_evidence(personas):
    people = DemoPeople(
        owner=personas.owner, manager=personas.manager, marketer=personas.marketer, viewer=personas.viewer
    )
    demo.seed(workspace=personas.workspace, people=people)
    mentions = Mention.objects.filter(workspace=personas.workspace)
    attack = Incident.objects.get(workspace=personas.workspace, kind="coordinated")
    crisis = Incident.objects.get(workspace=personas.workspace, kind="crisis")
    assert attack.mention_count == 14
    assert set(mentions.filter(incident=attack).values_list("category", flat=True)) == {"ordered"}
    assert set(mentions.filter(category="ordered").values_list("incident_id", flat=True)) == {attack.pk}
    assert crisis.mention_count >= 15
    assert "ordered" not in set(mentions.filter(incident=crisis).values_list("category", flat=True))
    assert mentions.filter(category="trolling").exists() and mentions.filter(category="natural").exists()
    member = mentions.filter(incident=attack).first()
    assert "coordination_cluster" in [r["code"] for r in member.explanation]
    in_crisis = mentions.filter(incident=crisis).first()
    assert "coordination_crisis" in [r["code"] for r in in_crisis.explanation]
