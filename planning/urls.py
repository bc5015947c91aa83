from django.urls import path

from accounts.views_base import SectionPage

app_name = "planning"

urlpatterns = [
    path(
        "", SectionPage.as_view(template_name="planning/calendar.html", section="calendar"), name="calendar"
    ),
    path("ideas/", SectionPage.as_view(template_name="planning/ideas.html", section="ideas"), name="ideas"),
]
