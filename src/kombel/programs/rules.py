"""Who may see and manage programmes and their calendar (capabilities in schools/roles.py)."""

import rules

from kombel.schools.rules import can

rules.add_perm("programs.view_programme", can("programme.view"))
rules.add_perm("programs.manage_programme", can("programme.manage"))
rules.add_perm("programs.view_event", can("event.view"))
rules.add_perm("programs.manage_event", can("event.manage"))
