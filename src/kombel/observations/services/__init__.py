"""Every write of the observations app (instruments, observations, visits, cycles, imports)."""
