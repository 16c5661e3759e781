"""Checks of the built HTML of a page against allow-lists: what may be there, not what may not.

The page is read once by libxml2's HTML parser (through lxml; from libxml2 2.14 its tokenizer
follows HTML5, so comments, scripts and attributes end where a browser ends them; it is
linear in the page's size, where the standard library's parser is quadratic on unclosed
tags). What libxml2 leaves out (anything after ``</html>``) is refused before parsing.
Every element and attribute must be on an allow-list; every ``<script>`` must be one the
theme or the project ships (an inline script of the theme's templates, a JSON data island,
or a file the build itself copied or wrote, by path); every URL is normalised as a browser
would read it (entities, backslashes, spaces and controls, ``//host``) and must stay on the
site. The audit sees what the browser will see, after every plugin and extension ran, so it
also catches what a source lint cannot (a snippet, a macro's output, an attribute list).
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import urljoin, urlsplit

from lxml import etree

from macros.site.csp import ISLAND_IDS

GLOBAL_ATTRS = {"id", "class", "title", "lang", "dir", "role", "tabindex", "hidden"}
ELEMENTS = {
    # document and layout (the theme's own templates)
    "html": set(), "head": set(), "body": set(), "title": set(), "header": set(),
    "footer": set(), "main": set(), "nav": set(), "article": set(), "section": set(),
    "aside": set(), "div": set(), "span": set(), "p": set(), "br": set(), "hr": set(),
    "meta": {"charset", "name", "content"}, "link": {"rel", "href", "type", "sizes"},
    "script": {"src", "type", "id", "defer", "async"},
    # text and Markdown output
    "h1": set(), "h2": set(), "h3": set(), "h4": set(), "h5": set(), "h6": set(),
    "a": {"href", "download"}, "abbr": set(), "em": set(), "strong": set(), "b": set(),
    "i": set(), "u": set(), "s": set(), "small": set(), "mark": set(), "sub": set(),
    "sup": set(), "del": {"datetime"}, "ins": {"datetime"}, "code": set(), "pre": set(),
    "kbd": set(), "samp": set(), "var": set(), "q": set(), "blockquote": set(),
    "time": {"datetime"}, "ul": set(), "ol": {"start", "reversed", "type"},
    "li": {"value"}, "dl": set(), "dt": set(), "dd": set(), "figure": set(),
    "figcaption": set(), "details": {"open"}, "summary": set(),
    "img": {"src", "alt", "width", "height", "loading", "srcset", "sizes"},
    "table": set(), "caption": set(), "thead": set(), "tbody": set(), "tfoot": set(),
    "tr": set(), "th": {"colspan", "rowspan", "scope", "align", "headers"},
    "td": {"colspan", "rowspan", "align", "headers"}, "colgroup": {"span"},
    "col": {"span"},
    # the theme's search form, toggles and buttons
    "form": {"name", "action", "method"}, "label": {"for"},
    "input": {"type", "name", "placeholder", "required", "checked", "autocapitalize",
              "autocomplete", "autocorrect", "spellcheck", "value", "disabled", "readonly"},
    "button": {"type", "disabled", "name", "value"}, "output": {"for"},
    # the theme's icons
    "svg": {"viewbox", "xmlns", "width", "height", "fill", "focusable"},
    "path": {"d", "fill", "fill-rule", "clip-rule"}, "g": {"fill"},
    "circle": {"cx", "cy", "r", "fill"}, "rect": {"x", "y", "width", "height", "rx", "fill"},
}
PLAIN = {t for t in ELEMENTS if t not in ("script", "link", "meta")}   # fine bare
URL_ATTRS = {"href", "src", "action", "srcset"}
LINK_RELS = {"stylesheet", "icon", "canonical", "prev", "next", "alternate", "license"}
HREF_SCHEMES = {"mailto"}              # a link that opens the mail client, not a request
SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
CSS_URL = re.compile(r"""url\(\s*['"]?\s*([^)'"\s;]+)|@import\s*['"]\s*([^'"\s;]+)""", re.I)
UNRENDERED = re.compile(r"\{\{|\{%|%\}")
SCRIPT_FIX = ("remove it from the source: behaviour belongs in docs/assets/*.js, "
              "loaded by the theme (only the theme's and the project's own scripts run)")
ELEMENT_FIX = "write the page in Markdown; raw HTML may use only the elements Markdown makes"
STRUCTURE = re.compile(r"</?(html|head|body)\b[^>]*>?", re.I)
_PARSER = etree.HTMLParser(recover=True, no_network=True, remove_comments=False, remove_pis=False,
                     huge_tree=True, default_doctype=False)
LIMIT = 30                             # findings per page: the first ones say enough
_SPACES_AND_CONTROLS = "".join(chr(c) for c in range(0x21))


def normalise_url(value: str) -> str:
    """A URL as the browser's parser reads it (entities are already decoded by the HTML
    parser): no leading or trailing spaces and controls, no tabs or line breaks inside,
    backslashes as slashes."""
    url = value.strip(_SPACES_AND_CONTROLS)
    url = re.sub(r"[\t\n\r]", "", url)
    return url.replace("\\", "/")


def off_site(value: str, site_url: str, schemes=frozenset()) -> str | None:
    """Why ``value`` leaves the site (or runs code), else None."""
    url = normalise_url(value)
    if site_url and url.startswith(site_url + "/") or url == site_url != "":
        return None
    m = SCHEME.match(url)
    if m:
        scheme = m.group(1).lower()
        if scheme in ("javascript", "vbscript", "data"):
            return "script"
        return None if scheme in schemes else "external"
    return "external" if url.startswith("//") else None


def _css_urls(css: str) -> list[str]:
    return [a or b for a, b in CSS_URL.findall(css)]


def _srcset_urls(value: str) -> list[str]:
    return [c.split()[0] for c in value.split(",") if c.split()]


class _Audit:
    """One pass over a page: problems as (needle to find in the source, what, how to fix)."""

    def __init__(self, site_url, known, page_url, own_scripts):
        self.site_url, self.known = site_url, known
        self.page_url, self.own_scripts = page_url, own_scripts
        self.found: list[tuple[str, str, str]] = []
        self.seen_structure: set[str] = set()
        self.count = 0                 # problems seen, repeats included

    def add(self, needle: str, what: str, fix: str) -> None:
        self.count += 1
        if len(self.found) < LIMIT and (needle, what, fix) not in self.found:
            self.found.append((needle, what, fix))

    def run(self, html: str) -> None:
        for m in STRUCTURE.finditer(html):
            name = m.group(1).lower()
            if m.group(0).startswith("</"):
                name = "/" + name
            if name in self.seen_structure:
                self.add(m.group(0), f"a second '{m.group(0)}' in the output",
                         "remove raw <html>, <head> and <body> tags from the page")
            self.seen_structure.add(name)
        end = html.lower().rfind("</html")
        if end >= 0 and html[html.find(">", end) + 1:].strip():
            self.add("</html", "content after the end of the page", "remove raw </html> "
                     "and </body> tags from the page")
        try:
            root = etree.fromstring(html, _PARSER)
        except (etree.ParserError, etree.XMLSyntaxError, ValueError):
            root = None
        if root is None:
            if html.strip():
                self.add("", "the page cannot be read as HTML", ELEMENT_FIX)
            return
        doctype = root.getroottree().docinfo.doctype
        if doctype and doctype.lower() != "<!doctype html>":
            self.add("<!", f"a declaration '{doctype[:30]}' in the output", ELEMENT_FIX)
        comment = etree.Comment
        for el in root.iter():
            tag = el.tag
            if tag is comment:
                self._comment(el.text or "")
            elif isinstance(tag, str) and (tag not in PLAIN or el.attrib):
                self._element(el, tag.lower())     # a bare allowed element needs no look
            if self.count >= LIMIT:
                return                 # the page is refused: the first ones say enough
        if UNRENDERED.search(html):
            self._unrendered(root)

    def _unrendered(self, root) -> None:
        """Template syntax in the text of the page, outside code."""
        code = 0
        for event, el in etree.iterwalk(root, events=("start", "end", "comment")):
            if event == "comment":
                if not code:
                    self._text(el.tail)
                continue
            tag = el.tag.lower() if isinstance(el.tag, str) else ""
            if event == "start":
                if tag in ("pre", "code"):
                    code += 1
                if not code and tag not in ("script", "style"):
                    self._text(el.text)
                continue
            if tag in ("pre", "code"):
                code -= 1
            if not code:
                self._text(el.tail)

    # -- elements and attributes ---------------------------------------------------------
    def _element(self, el, tag):
        attrs = list(el.attrib.items())
        if tag == "script":
            self._element_attrs(tag, attrs, ELEMENTS["script"])
            self._check_script(dict(attrs), el.text or "")
            return
        if tag == "style":
            for url in _css_urls(el.text or ""):
                self._url("style", "@import", url, check_only_external=True)
            self.add("<style", "a <style> element in the output",
                     "remove it; styling belongs in docs/assets/kb.css")
            return
        allowed = ELEMENTS.get(tag)
        if allowed is None:
            what, fix = {
                "base": ("a <base> element", "remove it; links are relative"),
                "object": ("an <object>/<embed> element", "remove it; link to a file of "
                           "docs/assets/ instead"),
                "embed": ("an <object>/<embed> element", "remove it; link to a file of "
                          "docs/assets/ instead"),
                "iframe": ("a frame", "remove it; link to the page instead"),
                "frame": ("a frame", "remove it; link to the page instead"),
            }.get(tag, (f"a <{tag}> element, which is not on the allow-list", ELEMENT_FIX))
            self.add(f"<{tag}", f"{what} in the output", fix)
            return
        self._element_attrs(tag, attrs, allowed)

    def _element_attrs(self, tag, attrs, allowed):
        for name, value in attrs:
            name, value = name.lower(), value or ""
            if name.startswith("on"):
                self.add(name, f"an inline event handler '{name}' on <{tag}>", SCRIPT_FIX)
            elif name == "http-equiv":
                self.add("http-equiv", "a <meta http-equiv> element in the output",
                         "remove it: a page may not redirect the browser or change its "
                         "policy")
            elif name == "style":
                for url in _css_urls(value):
                    self._url(tag, name, url, check_only_external=True)
                self.add("style=", f"a style attribute on <{tag}>",
                         "remove it; styling belongs in docs/assets/kb.css")
            elif not (name in GLOBAL_ATTRS or name in allowed
                      or name.startswith(("data-", "aria-"))):
                self.add(name, f"attribute '{name}' on <{tag}>, which is not on the "
                         "allow-list", "remove the attribute; write the page in Markdown")
            elif name in URL_ATTRS and not (tag == "script" and name == "src"):
                for url in _srcset_urls(value) if name == "srcset" else [value]:
                    self._url(tag, name, url)
            if tag == "link" and name == "rel" and not set(value.lower().split()) <= LINK_RELS:
                self.add(value, f"a <link rel=\"{value}\"> in the output",
                         "remove it; pages load only the theme's style sheets")

    def _url(self, tag, name, url, check_only_external=False):
        why = off_site(url, self.site_url, HREF_SCHEMES if name == "href" else frozenset())
        if why == "external":
            self.add(url.strip()[:60], f"the built page references an external resource "
                     f"'{url.strip()[:80]}'", "users have no internet: ship the file under "
                     "docs/assets/ or remove the reference")
        elif why == "script" and not check_only_external:
            self.add(url.strip()[:20], f"a script URL in <{tag} {name}=\"{url[:40]}\">",
                     "link to a page or a file of the site")

    # -- scripts ---------------------------------------------------------------------------
    def _check_script(self, attrs: dict, body: str) -> None:
        src = attrs.get("src")
        if src is not None:
            extra = set(attrs) - {"src", "defer", "async"}
            if body.strip() or extra:
                self.add(src, f"a script element with a body or attributes {sorted(extra)}",
                         SCRIPT_FIX)
            self._script_src(src)
            return
        if attrs.get("type") == "application/json" and set(attrs) == {"type", "id"} and (
                attrs["id"] == "__config" or attrs["id"] in ISLAND_IDS and "<" not in body):
            return                     # configuration or data: JSON, never run
        if not attrs and any(p.fullmatch(body) for p in self.known):
            return
        self.add(body.strip()[:40], f"an inline script the theme did not put there: "
                 f"'{body.strip()[:60]}'", SCRIPT_FIX)

    def _script_src(self, src: str) -> None:
        why = off_site(src, self.site_url)
        if why:
            self._url("script", "src", src)
            return
        if self.own_scripts is None:
            return
        base = urlsplit(self.site_url).path.rstrip("/")       # a site under a sub-path
        target = urljoin(f"{self.site_url}/{self.page_url}", normalise_url(src))
        path = posixpath.normpath(urlsplit(target).path)
        path = path[len(base) + 1:] if path.startswith(base + "/") else ""
        if path not in self.own_scripts:
            self.add(src, f"a script the project did not ship: '{src[:80]}'",
                     "load only the theme's scripts and docs/assets/*.js (chosen per page "
                     "by macros/site/page_scripts.py)")

    # -- text and comments -----------------------------------------------------------------
    def _text(self, data):
        if data and ("{" in data or "%" in data):
            m = UNRENDERED.search(data)
            if m:
                self.add(m.group(0), f"unrendered template syntax '{m.group(0)}' in the "
                         "output", "fix the macro call, or wrap literal braces in a code span")

    def _comment(self, data):
        if "<" in data or ">" in data or "--" in data:
            self.add("<!--", "a comment with markup in it (browsers and checkers may end it "
                     "at different places)", "remove the comment from the page")


def _line_of(source: str, needle: str) -> int:
    index = source.find(needle) if needle else -1
    return source.count("\n", 0, index) + 1 if index >= 0 else 1


def audit_page(html: str, source: str, site_url: str = "", known_scripts=(),
               page_url: str = "", own_scripts=None) -> list[tuple[int, str, str]]:
    """(source line, what, how to fix) for each problem in a page's built HTML.

    ``page_url`` is the page's path in the site (``a/index.html``), against which script
    paths resolve; ``own_scripts`` the site paths of the scripts the build shipped (None:
    any script of the site is taken as its own)."""
    audit = _Audit(site_url.rstrip("/"), list(known_scripts), page_url, own_scripts)
    audit.run(html)
    return [(_line_of(source, needle), what, fix) for needle, what, fix in audit.found]
