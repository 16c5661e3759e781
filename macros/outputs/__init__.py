"""Generated files: Word documents and the calendar download."""
