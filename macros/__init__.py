"""Core of the knowledge base; also the mkdocs-macros module (``module_name: macros``).

Layers, lowest first: model → checks → views → outputs, checker → site, cli. The mkdocs-macros
hooks below import the site adapter when called, so that ``import macros.model`` stays light.
"""


def define_env(env):
    """mkdocs-macros entry point: delegate to the thin site adapter (behind the boundary)."""
    from macros.site.boundary import guarded
    from macros.site.macros_adapter import define_env as _define_env

    guarded("the macros module (define_env)")(_define_env)(env)


def on_pre_page_macros(env):
    """mkdocs-macros hook: place the generated panels on obligation and template pages."""
    from macros.site.boundary import guarded
    from macros.site.macros_adapter import on_pre_page_macros as _hook

    guarded(f"the macros module (on_pre_page_macros, docs/{env.page.file.src_uri})")(_hook)(env)
