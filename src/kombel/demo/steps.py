"""The demo and synthetic seeds run these modules' `seed` / `synthetic` in this order."""

from kombel.demo import communities, people, programme, workshops

STEPS = [people, programme, workshops, communities]
