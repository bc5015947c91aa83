from django.urls import path

from accounts.views_base import SectionPage

app_name = "partners"

urlpatterns = [
    path("", SectionPage.as_view(template_name="partners/index.html", section="partners"), name="index"),
]
