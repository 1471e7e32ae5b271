from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo network `make run` loads (`bridgeway demo`, `bridgeway totp-code`). It sits on
    top of every other app and nothing imports it but the tests."""

    name = "bridgeway.demo"
    label = "demo"
    verbose_name = "Demo network"
