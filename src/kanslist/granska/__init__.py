"""`kanslist granska`: the rules a careful chief applies, one module per family (``run`` runs them)."""
