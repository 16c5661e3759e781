"""The review desk: many units' reports checked at once, copying found, a suggested score."""
