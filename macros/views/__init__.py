"""Views of the catalogue: page panels, matrix, calendar, export, search dictionary."""
