from django import template

from planning import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    """The signed-in member's unread notifications in the current workspace (one COUNT query)."""
    request = context.get("request")
    workspace = context.get("workspace")
    if request is None or workspace is None or not request.user.is_authenticated:
        return 0
    return selectors.unread_count(workspace=workspace, user=request.user)
