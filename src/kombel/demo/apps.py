from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo and synthetic data (management commands seed-demo, seed-synthetic).

    The base steps live here (people, the programme); every app adds its own step
    (core.extensions.DemoStep) from its AppConfig.ready().
    """

    name = "kombel.demo"
    label = "demo"

    def ready(self) -> None:
        from kombel.core.extensions import DemoStep, register_demo_step
        from kombel.demo import people, programme

        register_demo_step(DemoStep("people", people.seed, people.synthetic))
        register_demo_step(
            DemoStep("programme", programme.seed, programme.synthetic, after=("people",))
        )
