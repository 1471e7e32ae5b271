"""API routes of the learning app, mounted under /api/v1/."""

urlpatterns: list = []
