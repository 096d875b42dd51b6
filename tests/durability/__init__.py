"""Durability under crashes and load: a real `factcheck serve` process, killed or loaded."""
