import rules

from kombel.schools.rules import can

rules.add_perm("example_app.view_visits", can("visit.view"))
