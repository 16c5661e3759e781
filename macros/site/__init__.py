"""Front end for mkdocs: the kb plugin, the mkdocs-macros adapter, CSP and output audit."""
