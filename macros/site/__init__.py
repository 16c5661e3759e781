"""The front end for the site: the kb mkdocs plugin, macros adapter, audit, CSP, search patches."""
