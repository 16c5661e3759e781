"""Core of the knowledge base; also the mkdocs-macros module (``module_name: macros``)."""


def define_env(env):
    """mkdocs-macros entry point: delegate to the thin site adapter."""
    from .site import define_env as _define_env

    _define_env(env)


def on_pre_page_macros(env):
    """mkdocs-macros hook: place the generated panels on obligation and template pages."""
    from .site import on_pre_page_macros as _hook

    _hook(env)
