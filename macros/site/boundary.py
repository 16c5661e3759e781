"""The error boundary of the mkdocs side: every hook ends in a one-line message.

A :class:`PluginError` (mkdocs prints it as one line and stops) passes through; a content
problem becomes ``path:line: what — how to fix``; an error while the sources are still
being checked beside the build (background.py) becomes the problems found there, if any;
anything else is a bug of the tool, reported as "internal error in X — please report",
with its traceback only under ``mkdocs build --verbose``.
"""

from __future__ import annotations

import functools
import logging

from mkdocs.exceptions import PluginError

from macros.model.problems import ContentError, KbError, internal_error

log = logging.getLogger("mkdocs.plugins.kb")


def guarded(where: str):
    """Decorate a plugin or mkdocs-macros hook with the boundary."""
    def wrap(fn):
        @functools.wraps(fn)
        def hook(*args, **kwargs):
            try:
                return fn(*args, **kwargs)
            except PluginError:
                raise
            except ContentError as err:
                for problem in sorted(set(err.problems)):
                    log.error(str(problem))
                raise PluginError(f"{len(set(err.problems))} content problem(s) listed above "
                                  "— fix them and build again") from None
            except KbError as err:
                raise PluginError(str(err)) from None
            except Exception as err:
                log.debug("traceback of the internal error", exc_info=True)
                # Sources still being checked beside the build may explain the failure.
                owner = _plugin(args[0]) if args else None
                found = owner.content_problems() if owner is not None else []
                if found:
                    owner.reported = True
                    for problem in found:
                        log.error(str(problem))
                    raise PluginError(f"{len(found)} content problem(s) listed above — fix "
                                      "them and build again") from None
                raise PluginError(internal_error(where, err)
                                  + " (`mkdocs build --verbose` shows the traceback)") from None
        return hook
    return wrap


def _plugin(first):
    """The kb plugin of a hook's first argument: the plugin itself, or mkdocs-macros' env."""
    if hasattr(first, "content_problems"):
        return first
    try:
        plugin = first.conf["plugins"].get("kb")
    except (AttributeError, KeyError, TypeError):
        return None
    return plugin if hasattr(plugin, "content_problems") else None
