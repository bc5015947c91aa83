"""What the outsider walk needs to know about reports' URLs."""

from reports.models import ReportFile, ReportRun, ReportSchedule

from .factories import ReportFileFactory, RunFactory, ScheduleFactory

FACTORIES = {
    ReportRun: lambda ws: RunFactory(workspace=ws),
    ReportFile: lambda ws: ReportFileFactory(run=RunFactory(workspace=ws)),
    ReportSchedule: lambda ws: ScheduleFactory(workspace=ws),
}
