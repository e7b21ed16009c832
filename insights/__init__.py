"""Pure computation over diary data: the joint pattern model, safe repeated looks, simulations and alert rules."""
