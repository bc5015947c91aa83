from django.urls import path

from accounts.views_base import SectionPage

app_name = "campaigns"

urlpatterns = [
    path("", SectionPage.as_view(template_name="campaigns/index.html", section="campaigns"), name="index"),
]
