from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.views_base import WorkspaceFormMixin

from .enums import Network
from .models import SocialAccount


class ConnectForm(forms.Form):
    network = forms.ChoiceField(label=_("Network"), choices=Network.choices)
    external_id = forms.CharField(
        label=_("Community or channel"),
        max_length=100,
        help_text=_("VK: the community id (123456 or club123456). Telegram: @channel or the chat id."),
    )
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    access_token = forms.CharField(
        label=_("Access token"),
        max_length=1000,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Stored encrypted and never shown again."),
    )


class TokenForm(forms.Form):
    access_token = forms.CharField(
        label=_("New access token"), max_length=1000, widget=forms.PasswordInput(render_value=False)
    )


class ItemAccountForm(WorkspaceFormMixin, forms.Form):
    account = forms.ModelChoiceField(
        label=_("Publish through"), queryset=SocialAccount.objects.all(), required=False
    )
