from django.apps import AppConfig


class DashboardConfig(AppConfig):
    """The directory, the dashboard and the agency overview: the pages above every app."""

    name = "bridgeway.dashboard"
    label = "dashboard"
    verbose_name = "Dashboard"
