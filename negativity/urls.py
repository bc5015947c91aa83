from django.urls import path

from accounts.views_base import SectionPage

app_name = "negativity"

urlpatterns = [
    path("", SectionPage.as_view(template_name="negativity/inbox.html", section="inbox"), name="inbox"),
]
