"""Demo data of observations at SMP N 1 Kabupaten Tebo (filled in below)."""

from kombel.core.demo import DemoContext


def seed(ctx: DemoContext) -> None:
    from kombel.observations.services.instruments import instruments_install_shipped

    instruments_install_shipped(school=ctx.school, actor=ctx.users.get("kepsek"))
