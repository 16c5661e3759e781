"""The MkDocs front end: the kb plugin, the mkdocs-macros adapter, output audit and CSP."""
