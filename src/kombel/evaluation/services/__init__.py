"""Every write of the evaluation app (one module per part; each write is atomic, checks that
what it links belongs to the same school, and records itself with `log_action`)."""
