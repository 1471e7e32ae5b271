"""ASGI entry point: HTTP through Django, websockets through Channels."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bridgeway.config.settings")

import django

django.setup(set_prefix=False)

if os.environ.get("BRIDGEWAY_WARM_UP") == "1":
    # `bridgeway serve`: what the first pages would build, built before the process listens.
    from bridgeway.core.warm_up import warm_up

    warm_up()

# Django's ASGI handler with the request's middleware and view in one thread hop, and each
# address's view found once (core/handlers.py, docs/decisions.md "One thread hop per request").
from bridgeway.core.handlers import ApplicationHandler  # noqa: E402

django_asgi_app = ApplicationHandler()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from bridgeway.config.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(
            AuthMiddlewareStack(URLRouter(websocket_urlpatterns))
        ),
    }
)
