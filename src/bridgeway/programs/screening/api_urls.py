"""API routes of the screening app, mounted under /api/v1/."""

urlpatterns: list = []
