from django.utils.functional import SimpleLazyObject

from .selectors import memberships_for_user, unread_notifications_count


def workspace_nav(request):
    """The signed-in user's workspaces for the switcher and the unread notification count
    (each one query, run only when a template uses it)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not hasattr(user, "memberships"):
        return {}
    return {
        "nav_memberships": memberships_for_user(user=user),
        "nav_unread_count": SimpleLazyObject(lambda: unread_notifications_count(user=user)),
    }
