"""API routes of the questionnaires app, mounted under /api/v1/."""

urlpatterns: list = []
