from django.utils import translation


class UserLanguageMiddleware:
    """Signed-in users see the interface in the language they chose (stored on the user)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        language = getattr(user, "language", None) if user is not None else None
        if language and getattr(user, "is_authenticated", False):
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
