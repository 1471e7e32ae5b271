from django.urls import path

from bridgeway.core.consumers import PersonEventsConsumer
from bridgeway.messaging.consumers import CallConsumer

websocket_urlpatterns = [
    path("ws/events/", PersonEventsConsumer.as_asgi()),
    path("ws/calls/<int:pk>/", CallConsumer.as_asgi()),
]
