from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "kombel.core"
    label = "core"
