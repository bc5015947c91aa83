from django.urls import path

from accounts.views_base import SectionPage

app_name = "reports"

urlpatterns = [
    path("", SectionPage.as_view(template_name="reports/home.html", section="home"), name="home"),
    path(
        "reports/", SectionPage.as_view(template_name="reports/index.html", section="reports"), name="index"
    ),
]
