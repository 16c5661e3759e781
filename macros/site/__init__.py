"""Front end of the site: the mkdocs plugin, the macros adapter, CSP, audit, search patch."""
