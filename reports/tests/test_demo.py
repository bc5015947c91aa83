"""The demo seeds finished runs when campaign data exists, nothing otherwise."""

from accounts.demo import DemoPeople
from reports import demo
from reports.models import ReportRun, ReportSchedule

from .data import known_campaigns


def _people(personas) -> DemoPeople:
    return DemoPeople(
        owner=personas.owner, manager=personas.manager, marketer=personas.marketer, viewer=personas.viewer
    )


def test_demo_seeds_finished_runs_from_campaign_data(personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    known_campaigns(personas.workspace)
    demo.seed(workspace=personas.workspace, people=_people(personas))
    runs = list(ReportRun.objects.order_by("pk"))
    assert [(r.kind, r.status, r.language) for r in runs] == [
        ("workspace", "done", "ru"),
        ("campaign", "done", "ru"),
    ]
    assert runs[0].files.count() == 4 and runs[0].reviewed_by == personas.manager
    assert runs[0].snapshot["sections"][0]["title"] == "Бизнес-результаты"
    assert ReportSchedule.objects.count() == 1


def test_demo_without_campaign_data_invents_nothing(personas):
    demo.seed(workspace=personas.workspace, people=_people(personas))
    assert ReportRun.objects.count() == 0 and ReportSchedule.objects.count() == 0
