"""The data model: YAML with line numbers, problems, schemas, the catalogue and its graph."""
