"""Pages of parents' and community leaders' participation."""
