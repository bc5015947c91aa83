from .selectors import memberships_for_user


def workspace_nav(request):
    """The signed-in user's workspaces for the switcher (one query, only when rendered)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not hasattr(user, "memberships"):
        return {}
    return {"nav_memberships": memberships_for_user(user=user)}
