from django.http import HttpRequest

from .policy import Cap, can


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"caps": {name: can(user, value) for name, value in vars(Cap).items() if name.isupper()}}
