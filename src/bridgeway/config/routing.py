from django.urls import path

from bridgeway.core.consumers import PersonEventsConsumer

websocket_urlpatterns = [
    path("ws/events/", PersonEventsConsumer.as_asgi()),
]
