"""The ``kb`` mkdocs plugin: validate before the build, check the output after it."""

from __future__ import annotations

import logging
from pathlib import Path

from jinja2.sandbox import ImmutableSandboxedEnvironment
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File
from mkdocs.utils import clean_directory

from macros.checker.data_cache import checker_data_of
from macros.checker.engine import CHECKER_DATA, checker_script
from macros.checks.jinja_safety import FIX as MACRO_FIX
from macros.checks.jinja_safety import template_problems
from macros.checks.loader import load, load_cached, load_if_verified, source_key
from macros.checks.security import nesting_problem
from macros.model.cache import cache_dir, is_marked, keyed, remembered
from macros.model.catalog import Catalog
from macros.model.history import last_changed
from macros.model.problems import ContentError, Problems
from macros.model.reference import NO_REFERENCE, has_reference, reference_hashes
from macros.outputs.downloads import (
    ICS_PATH,
    ROUTINE_ICS_PATH,
    docx_path,
    products_missing,
    write_site_docx,
    write_site_ics,
)
from macros.outputs.layout import LAYOUT_SCRIPT, layout_script
from macros.review.sources import REVIEW_DATA, review_script
from macros.site.audit import audit_page
from macros.site.audit_cache import audit_cache, audit_key
from macros.site.background import Background
from macros.site.boundary import guarded
from macros.site.build_tasks import prepare
from macros.site.csp import add_csp, has_csp, known_scripts
from macros.site.guards import own_scripts, refuse_before_rendering
from macros.site.jieba_part import cover, source_chars
from macros.site.memo import Memo
from macros.site.page_scripts import page_scripts
from macros.site.read_cache import ReadCache, read_templates
from macros.site.render_cache import RenderCache, settings_key
from macros.site.search_cache import (
    EntryCache,
    SegmentCache,
    install,
    install_entries,
    segment_texts,
)
from macros.site.search_worker import (
    WorkerError,
    check_material,
    compact_index,
    point_at_worker,
    worker_code,
    worker_path,
    write_worker,
)
from macros.views.render import facet_tags, index_page
from macros.views.reporting_calendar import calendar_year
from macros.views.searchdict import cached_user_dict, dict_key, write_user_dict

log = logging.getLogger("mkdocs.plugins.kb")

ABBR_TITLE_MAX = 90
IFRAME_WORKER_SHIM = "assets/vendor/iframe-worker/shim.js"
RECORD_BOOST = 3          # obligation and template pages rank above passing mentions


class KbPlugin(BasePlugin):
    """Loads and validates the catalogue, feeds search and tooltips, audits the HTML."""

    serving = False
    catalog: Catalog | None = None      # the catalogue of this build; the macros adapter reads it
    segments: SegmentCache | None = None  # jieba segmentation of search entries, cached
    # Under `mkdocs serve` the plugin lives from one build to the next: so do these two.
    background: Background | None = None   # the second process (background.py)
    renders: RenderCache | None = None     # pages' last conversions (render_cache.py)
    entries: EntryCache | None = None      # pages' last search entries (search_cache.py)
    worker: str | None = None              # our search worker's path (search_worker.py)
    reads: ReadCache | None = None         # the checker's readings for the workbench, cached

    @guarded("the kb plugin (on_startup)")
    def on_startup(self, *, command, dirty):
        # `mkdocs serve` injects its live-reload script inline; the CSP is for the built site.
        self.serving = command == "serve"
        if self.serving:
            self.renders, self.entries = RenderCache(), EntryCache()

    def on_shutdown(self):
        if self.background is not None:
            self.background.close()

    @guarded("the kb plugin (on_config)")
    def on_config(self, config):
        self.root = Path(config.config_file_path).resolve().parent
        self.output_problems = Problems()
        self.audited = set()
        self.audits = []
        self.audit_cache = audit_cache(self.root)
        self.framed = None
        self.known_scripts = known_scripts(config.theme.dirs)
        warm_up = self.serving and self.background is None
        if self.background is None or not self.serving:
            self.background = Background()
        self.background.forget()
        self.prepared = None
        self.reads = None
        self._checker_data = None
        self.reported = False
        self.site_dir = Path(config.site_dir)
        cat = self.catalog = self._load()
        # record pages framed with their panels (macros_adapter), of these checked sources
        self.framed = Memo(cache_dir(self.root) / "framed-pages.json", self.sources_key,
                           lambda v: v if isinstance(v, str) else None)
        try:
            self.layout = cat.settings.need("layout")
            self.rules = cat.settings.need("rules")
        except ValueError as err:
            raise PluginError(str(err)) from None
        self.year = calendar_year()
        search = config.plugins.get("material/search") or config.plugins.get("search")
        dict_path = self.root / ".cache" / "jieba_user_dict.txt"
        self._read_templates_beside(cat)
        self._start_side_work(cat, config.site_url or "", dict_path if search else None)
        if search is not None:
            self._route_search(search, cat, dict_path, warm_up)
        self._own_search_worker(config, search)
        if config.nav:
            config.nav = expand_nav(config.nav, cat)
        offline = config.plugins.get("material/offline") or config.plugins.get("offline")
        if offline is not None and offline.config.enabled:
            # Before the offline plugin would add the shim from a CDN: ship our copy.
            config.extra["polyfills"] = [IFRAME_WORKER_SHIM]
        self.dates = last_changed(self.root)
        glossary = {}
        for term in cat.glossary.values():
            meaning = " ".join(term["meaning"].split())
            title = meaning if len(meaning) <= ABBR_TITLE_MAX else meaning[:ABBR_TITLE_MAX] + "……"
            glossary[term["term"]] = title
        if "macros.site.abbr_cjk" in config.markdown_extensions:
            config.mdx_configs.setdefault("macros.site.abbr_cjk", {})["glossary"] = glossary
        return config

    def _start_side_work(self, cat: Catalog, base: str, dict_path: Path | None) -> None:
        """Checks (of unverified sources), the search dictionary and the download files:
        given to the second process when there is one, collected at the end of the build;
        without one the dictionary is written here and the files after the pages."""
        products = (self.layout, self.year, base)
        need_products = products_missing(cat, *products)
        need_dict = dict_path is not None and cached_user_dict(cat, dict_path) is None
        if self.background.parallel and (not cat.verified or need_dict or need_products):
            self.prepared = self.background.submit(
                prepare, self.root, dict_path if need_dict else None,
                products if need_products else None)
        elif need_dict:
            cover(source_chars(self.root))         # the words it checks (jieba_part.py)
            write_user_dict(cat, dict_path)

    def _route_search(self, search, cat: Catalog, dict_path: Path, warm_up: bool) -> None:
        """Material's segmentation through the cache, misses to the second process; under
        `mkdocs serve`, each page's entries through the entry cache."""
        defer = None
        if self.background.parallel:
            if warm_up:       # serve keeps one worker: it loads jieba now, not at the first edit
                self.background.submit(segment_texts, str(dict_path), [], str(self.root))

            def defer(texts):
                return self.background.submit(segment_texts, str(dict_path), texts,
                                              str(self.root))
        self.segments = SegmentCache(cache_dir(self.root) / "search-segments.json",
                                     dict_path, keyed(dict_key(cat)), defer, self.root)
        if not install(self.segments):
            search.config.jieba_dict_user = str(dict_path)
        if self.entries is not None:
            install_entries(self.entries)

    def _own_search_worker(self, config, search) -> None:
        """Our search worker in place of Material's, once Material is known to fit it."""
        self.worker = None
        if search is None:
            return
        try:
            check_material(config.theme.dirs)
        except WorkerError as err:
            raise PluginError(str(err)) from None
        self.worker_code = worker_code()
        self.worker = worker_path(self.worker_code)

    def _point_at_worker(self, output: str) -> str:
        try:
            return point_at_worker(output, self.worker) if self.worker else output
        except WorkerError as err:
            raise PluginError(str(err)) from None

    def _load(self) -> Catalog:
        """The catalogue: read back if these sources passed every check before; else read
        quickly here and checked in the second process (or checked here, with no second
        process); ContentError lists every problem found here."""
        key = self.read_key = source_key(self.root)      # before reading, as load_cached
        cat = load_if_verified(self.root, key)
        # the key of checked sources names what the build cache keeps of them (sources
        # checked during this build get it at its end, _post_build)
        self.sources_key = key if cat is not None else None
        # Of checked sources, only whether there are samples (the lint has run); of others,
        # their hashes, made now so that the second process is forked with them.
        if not (has_reference(self.root) if cat is not None
                else reference_hashes(self.root) is not None):
            log.info(f"kb: {NO_REFERENCE}")     # info: a strict build of a copy has none
        if cat is None and self.background.parallel:
            cat = load(self.root, checked=False)
            if cat.problems:              # unreadable already: list everything, now
                cat = load_cached(self.root)
        elif cat is None:
            cat = load_cached(self.root)
        if cat.problems:
            raise ContentError(cat.problems)
        return cat

    def checker_data(self) -> dict:
        """The checker's data of this build's catalogue, once; of checked sources, from
        the build cache `kb check` uses too (checker/data_cache.py)."""
        if self._checker_data is None:
            self._checker_data = checker_data_of(self.catalog, self.sources_key)
        return self._checker_data

    def _kept(self, name: str, make) -> str:
        """A product of the checked sources kept in the build cache (``make`` otherwise)."""
        key = self.sources_key
        return remembered(cache_dir(self.root) / name, key, make) if key else make()

    def _read_templates_beside(self, cat: Catalog) -> None:
        """The checker's readings for the workbench, from the build cache; when it has none,
        made by the second process (first in its queue) while the pages render."""
        self.reads = ReadCache(cat, data=self.checker_data())
        if self.background.parallel and cat.templates and not self.reads.kept:
            self.reads.expect(self.background.submit(read_templates, self.root),
                              self.background.collect)

    def duty_reads(self) -> ReadCache:
        """The checker's reading of a paragraph (the workbench's first draft), through the
        build cache (read_cache.py)."""
        if self.reads is None:
            self.reads = ReadCache(self.catalog, data=self.checker_data())
        return self.reads

    def content_problems(self) -> list:
        """The problems of sources not yet known to pass every check: found by the second
        process (waiting for it), or by checking them here."""
        try:
            if self.prepared is not None:
                return self.background.collect(self.prepared)
            if self.catalog is not None and not self.catalog.verified:
                return sorted(set(load_cached(self.root).problems))
        except Exception:
            log.debug("traceback of the checks", exc_info=True)
        return []

    def on_build_error(self, error):
        """The build failed: if the sources have problems, they are the cause (a page may
        fail to render from a record the checks would refuse); nothing built is kept."""
        if self.background is None:                 # on_config stopped before it
            return
        if not getattr(self, "reported", False):
            for problem in self.content_problems():
                log.error(str(problem))
        if not self.serving:
            self.background.close()
        if getattr(self, "audited", None):           # pages of this build were written
            self._discard(self.site_dir)

    def _discard(self, site: Path) -> None:
        """A failed build leaves no pages to ship (`mkdocs serve` keeps its preview)."""
        if not self.serving:
            clean_directory(str(site))

    def log_debug_traceback(self) -> None:
        """The traceback of the exception being handled, shown only by --verbose."""
        log.debug("traceback of the internal error", exc_info=True)

    @guarded("the kb plugin (on_pre_build)")
    def on_pre_build(self, config):
        """Render page macros in Jinja's sandbox (the pages are checked before, too)."""
        macros = config.plugins.get("macros")
        if macros is not None:
            sandbox_macros(macros)

    @guarded("the kb plugin (on_files)")
    def on_files(self, files, config):
        for rel in self.catalog.draft_pages:  # a draft (status: draft) is never published
            draft = files.get_file_from_path(rel)
            if draft is not None:
                files.remove(draft)
        for kind in self.catalog.kinds:     # a kind's index page, when docs/ has none
            if kind.index and files.get_file_from_path(kind.index) is None:
                files.append(File.generated(config, kind.index,
                                            content=index_page(self.catalog, kind)))
        self.own_scripts = own_scripts(files, config)
        if self.renders is not None:
            self.settings = settings_key(config, files)
        return files

    @guarded("the kb plugin (on_page_markdown)")
    def _page_markdown(self, markdown, page, config, files):
        """Refuse page Jinja outside the page-macro grammar; tag record pages with the facets
        their kind declares (group, roles, frequency, genre …) for the tags plugin."""
        cat = self.catalog
        src = f"{Path(config.docs_dir).name}/{page.file.src_uri}"
        refuse_before_rendering(markdown, page, src)
        if page.meta.get("render_macros"):
            check_rendered_page(markdown, page, config)
        # The theme prints this field: it comes from git, never from the page itself.
        page.meta.pop("kb_updated", None)
        changed = self.dates.get(src)
        if changed:
            page.meta["kb_updated"] = changed
        record_id = page.meta.get("id")
        for kind in cat.kinds:
            if (kind.page and page.file.src_uri.startswith(kind.folder + "/")
                    and record_id in cat.records[kind.store]):
                page.meta["tags"] = facet_tags(cat, kind, cat.records[kind.store][record_id])
                page.meta.setdefault("search", {}).setdefault("boost", RECORD_BOOST)
        return markdown

    @event_priority(-100)          # after mkdocs-macros: the page's final Markdown
    @guarded("the kb plugin (on_page_markdown, reuse)")
    def _reuse_conversion(self, markdown, page, config, files):
        found = nesting_problem(markdown)          # with the panels the records give it
        if found:
            src = f"{Path(config.docs_dir).name}/{page.file.src_uri}"
            log.error(f"{src}:1: {found[1]} in the text the records give this page — "
                      "flatten the record's text (`kb validate` names its line)")
            raise PluginError("a page nests too deeply to render (listed above)")
        if self.renders is not None:
            self.renders.reuse(page, RenderCache.key(page, markdown, self.settings))
        return markdown

    on_page_markdown = CombinedEvent(_page_markdown, _reuse_conversion)

    @event_priority(100)           # the conversion as it came, before any plugin changes it
    @guarded("the kb plugin (on_page_content)")
    def on_page_content(self, html, page, config, files):
        if self.renders is not None:
            self.renders.remember(page, html)
        return html

    @guarded("the kb plugin (on_post_page)")
    def on_post_page(self, output, page, config):
        output = self._point_at_worker(output)
        src = f"{Path(config.docs_dir).name}/{page.file.src_uri}"
        source = Path(page.file.abs_src_path).read_text(encoding="utf-8") \
            if page.file.abs_src_path else ""
        # audited beside the build (the findings collected at its end), unless this very
        # page was audited by an earlier build (audit_cache.py)
        args = (output, source, config.site_url or "", self.known_scripts,
                page.file.dest_uri, self.own_scripts)
        key = audit_key(*args)
        found = self.audit_cache.get(key)
        self.audits.append((src, key, args, found if found is not None
                            else self.background.submit(audit_page, *args)))
        self.audited.add(page.file.dest_uri)
        return output if self.serving else add_csp(output, self.known_scripts)

    @guarded("the kb plugin (on_post_template)")
    def on_post_template(self, output, template_name, config):
        """Static pages of the theme (404.html): audited and given the policy like pages."""
        if not template_name.endswith(".html"):
            return output
        output = self._point_at_worker(output)
        for line, what, fix in audit_page(output, "", config.site_url or "",
                                          self.known_scripts, template_name,
                                          getattr(self, "own_scripts", None)):
            self.output_problems.add(f"theme template {template_name}", line, what, fix)
        self.audited.add(template_name)
        return output if self.serving else add_csp(output, self.known_scripts)

    def _sweep(self, site: Path) -> None:
        """Every HTML file in the output was audited and carries the policy."""
        for file in sorted(site.rglob("*.htm*")):
            rel = file.relative_to(site).as_posix()
            if rel not in self.audited:
                self.output_problems.add(f"site/{rel}", 1, "an HTML file that is not a built "
                                         "page", "write it as a Markdown page under docs/; "
                                         "raw HTML files are not published")
            elif not self.serving and not has_csp(file.read_text(encoding="utf-8",
                                                                 errors="replace")):
                self.output_problems.add(f"site/{rel}", 1, "page without the "
                                         "Content-Security-Policy", "please report: every "
                                         "page should get it from the kb plugin")

    @guarded("the kb plugin (on_page_context)")
    def on_page_context(self, context, page, config, nav):
        """The page's own scripts, for overrides/main.html (page_scripts.py)."""
        context["kb_scripts"] = page_scripts(page.content or "", page.meta or {})
        return context

    @event_priority(-50)      # after the search plugin has written its index, before offline
    @guarded("the kb plugin (on_post_build)")
    def on_post_build(self, config):
        try:
            self._post_build(config)
        finally:
            if not self.serving:
                self.background.close()

    def _audit_here(self) -> None:
        """The audits the second process has not started yet, last first, made here: the
        build would otherwise wait for it to work through them after its other tasks."""
        for index in range(len(self.audits) - 1, -1, -1):
            src, key, args, found = self.audits[index]
            if isinstance(found, list) or found.done():
                continue
            if not found.cancel():        # it has reached them: the earlier ones are its own
                break
            self.audits[index] = (src, key, args, audit_page(*args))
            self.audit_cache.put(key, [list(f) for f in self.audits[index][3]])

    def _post_build(self, config):
        cat = self.catalog
        site = Path(config.site_dir)
        self._audit_here()
        problems = self.content_problems()
        if problems:
            self.reported = True
            for problem in problems:
                log.error(str(problem))
            self._discard(site)
            raise PluginError(f"{len(problems)} content problem(s) listed above — fix them "
                              "and build again (`kb validate` lists them too)")
        if self.sources_key is None and is_marked(self.root, "checked", self.read_key):
            self.sources_key = self.read_key           # checked meanwhile: they passed
        for tpl_id in cat.templates:
            write_site_docx(cat, tpl_id, site / docx_path(tpl_id), self.layout)
        base = config.site_url or ""
        write_site_ics(cat, self.year, site / ICS_PATH, base)
        write_site_ics(cat, self.year, site / ROUTINE_ICS_PATH, base, routine=True)
        (site / LAYOUT_SCRIPT).write_text(layout_script(self.layout), encoding="utf-8")
        pretty = config.use_directory_urls
        script = self._kept(f"checker-data-{'dirs' if pretty else 'files'}.js", lambda: (
            checker_script(self.checker_data(),
                           lambda url: url if pretty else url.rstrip("/") + ".html")))
        (site / CHECKER_DATA).write_text(script, encoding="utf-8")
        (site / REVIEW_DATA).write_text(self._kept("review-data.js", lambda: review_script(cat)),
                                        encoding="utf-8")
        segments = self.segments.resolve(self.background.collect) if self.segments else {}
        if self.entries is not None:
            self.entries.resolve(segments)
        try:
            compact_index(site / "search" / "search_index.json", segments)
        except WorkerError as err:
            raise PluginError(str(err)) from None
        if self.worker:
            write_worker(site, self.worker_code, self.worker)
        if self.segments is not None:
            self.segments.save()
        if self.reads is not None:
            self.reads.save()
        for src, key, _args, found in self.audits:
            if not isinstance(found, list):
                found = self.background.collect(found)
                self.audit_cache.put(key, [list(f) for f in found])
            for line, what, fix in found:
                self.output_problems.add(src, line, what, fix)
        self.audit_cache.save()
        self.framed.save(self.sources_key)
        self._sweep(site)
        if self.output_problems:
            for problem in sorted(set(self.output_problems)):
                log.error(str(problem))
            self._discard(site)
            raise PluginError(f"{len(set(self.output_problems))} problem(s) in the built site "
                              "listed above")


def sandbox_macros(macros) -> None:
    """Swap mkdocs-macros' Jinja environment for a sandboxed one with the same settings."""
    env = macros.env
    if isinstance(env, ImmutableSandboxedEnvironment):
        return
    safe = ImmutableSandboxedEnvironment(
        loader=env.loader, undefined=env.undefined,
        block_start_string=env.block_start_string, block_end_string=env.block_end_string,
        variable_start_string=env.variable_start_string,
        variable_end_string=env.variable_end_string,
        comment_start_string=env.comment_start_string, comment_end_string=env.comment_end_string)
    safe.globals.update(env.globals)
    safe.filters.update(env.filters)
    macros._env = safe


def check_rendered_page(markdown: str, page, config) -> None:
    """Raise a PluginError naming file:line when the page's Jinja leaves the safe grammar."""
    found = template_problems(markdown)
    if not found:
        return
    source = Path(page.file.abs_src_path).read_text(encoding="utf-8") \
        if page.file.abs_src_path else markdown
    offset = source[:len(source) - len(markdown)].count("\n") if source.endswith(markdown) \
        else 0
    src = f"{Path(config.docs_dir).name}/{page.file.src_uri}"
    for line, what in found:
        log.error(f"{src}:{line + offset}: {what} — {MACRO_FIX}")
    raise PluginError(f"{len(found)} problem(s) in the page's macros listed above")


NAV_TEMPLATES_MAX = 24     # more report genres than this and the sidebar shows only their index


def expand_nav(nav: list, cat) -> list:
    """List the report templates under their index while they are few; obligations stay
    behind their index page, whose groups are its table of contents. Every page carries
    the sidebar, so a sidebar listing every record would make each page grow with the
    content (and the whole site with its square); record pages are `not_in_nav`."""
    out = []
    for item in nav:
        if isinstance(item, dict) and len(item) == 1:
            (title, target), = item.items()
            if target == "templates/index.md" and len(cat.templates) <= NAV_TEMPLATES_MAX:
                pages = [{t["title"]: t.page_rel} for t in cat.templates.values()]
                item = {title: [target, *pages]}
        out.append(item)
    listed = set(_nav_targets(nav))
    out += [{kind.label or kind.store: kind.index} for kind in cat.kinds
            if kind.index and kind.index not in listed]    # a kind new to mkdocs.yml
    return out


def _nav_targets(nav):
    """Every page path a nav names."""
    for item in nav if isinstance(nav, list) else [nav]:
        if isinstance(item, str):
            yield item
        elif isinstance(item, dict):
            for value in item.values():
                yield from _nav_targets(value)
