"""Event-day pages, by topic."""
