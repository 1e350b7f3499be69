from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo and synthetic data (management commands seed-demo, seed-synthetic)."""

    name = "kombel.demo"
    label = "demo"
