from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict[str, object]:
    """Placeholder replaced by the shell work; returns the navigation for the user's role."""
    return {}
