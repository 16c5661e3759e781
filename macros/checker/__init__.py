"""The draft checker and its evaluation."""
