"""API routes of the messaging app, mounted under /api/v1/."""

from django.urls import path

from bridgeway.messaging import api

urlpatterns = [
    path("conversations/", api.ConversationListView.as_view(), name="conversation-list"),
    path(
        "conversations/<int:pk>/",
        api.ConversationDetailView.as_view(),
        name="conversation-detail",
    ),
    path(
        "conversations/<int:pk>/messages/",
        api.MessagesView.as_view(),
        name="conversation-messages",
    ),
    path(
        "conversations/<int:pk>/messages/<int:message_pk>/",
        api.MessageDetailView.as_view(),
        name="conversation-message",
    ),
    path("conversations/<int:pk>/read/", api.ReadView.as_view(), name="conversation-read"),
]
