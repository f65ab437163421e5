"""Pure rules of event days: offers and amounts, first-N places, draws, follow-up splits.
No ORM, no I/O."""
