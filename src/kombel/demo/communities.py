from kombel.demo.context import DemoContext, SyntheticSchool


def seed(ctx: DemoContext) -> None:
    """Adds this part of the SMP N 1 Kabupaten Tebo demo."""


def synthetic(ctx: SyntheticSchool) -> None:
    """Adds this part of one synthetic school."""
