"""API routes of the intake app, mounted under /api/v1/."""

urlpatterns: list = []
