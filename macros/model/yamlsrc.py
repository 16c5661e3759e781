"""Line-aware YAML loading for data files and Markdown front matter."""

from __future__ import annotations

import math
import re
from pathlib import Path

import yaml

from macros.model.problems import Problems


class LDict(dict):
    """A mapping that remembers where it and each of its keys stand in the source."""

    path: str = ""
    line: int = 1

    def line_of(self, key) -> int:
        return getattr(self, "key_lines", {}).get(key, self.line)

    def value_line(self, key) -> int:
        """Line where the text of a scalar value begins (after a | or > indicator)."""
        return getattr(self, "value_lines", {}).get(key, self.line_of(key))


class LList(list):
    """A sequence that remembers the line of each item."""

    path: str = ""
    line: int = 1

    def line_of(self, index) -> int:
        try:
            return self.item_lines[index]
        except (AttributeError, IndexError, TypeError):
            return self.line


MAX_NODES = 100_000                  # values after alias expansion, per file
MAX_DEPTH = 64
MAX_SOURCE_BYTES = 5 * 1024 * 1024

# libyaml's parser when PyYAML has it (several times faster), else the pure-Python one.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):
    """SafeLoader building LDict/LList and reporting duplicate keys."""

    offset = 0
    duplicates: list


def _construct_mapping(loader: _Loader, node):
    loader.flatten_mapping(node)
    out = LDict()
    out.line = node.start_mark.line + 1 + loader.offset
    out.key_lines = {}
    out.value_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1 + loader.offset
        if key in out:
            loader.duplicates.append((line, key))
        out[key] = loader.construct_object(value_node, deep=True)
        out.key_lines[key] = line
        start = value_node.start_mark.line + 1 + loader.offset
        block = isinstance(value_node, yaml.ScalarNode) and value_node.style in ("|", ">")
        out.value_lines[key] = start + 1 if block else start
    return out


def _construct_sequence(loader: _Loader, node):
    out = LList()
    out.line = node.start_mark.line + 1 + loader.offset
    out.item_lines = [child.start_mark.line + 1 + loader.offset for child in node.value]
    out.extend(loader.construct_object(child, deep=True) for child in node.value)
    return out


def _construct_str(loader, node):
    # Dates and times stay strings: writers type 2026-06-30 and mean text.
    return loader.construct_scalar(node)


def _construct_float(loader, node):
    # No value of ours is infinite or not a number (.inf, .nan): refused where it is written.
    value = yaml.constructor.SafeConstructor.construct_yaml_float(loader, node)
    if not math.isfinite(value):
        raise yaml.constructor.ConstructorError(
            None, None, f"'{node.value}' is not a finite number (write a number such as 28)",
            node.start_mark)
    return value


_Loader.add_constructor("tag:yaml.org,2002:float", _construct_float)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_str)


def _tag_paths(obj, path: str) -> None:
    if isinstance(obj, (LDict, LList)):
        obj.path = path
        children = obj.values() if isinstance(obj, LDict) else obj
        for child in children:
            _tag_paths(child, path)


def _bounded(node, path: str, problems: Problems, offset: int) -> bool:
    """Walk the composed nodes as construction would expand them (aliases included);
    refuse a document that expands past MAX_NODES or nests deeper than MAX_DEPTH."""
    stack, count = [(node, 1)], 0
    while stack:
        current, depth = stack.pop()
        count += 1
        line = current.start_mark.line + 1 + offset
        if count > MAX_NODES:
            problems.add(path, line, f"the YAML expands to more than {MAX_NODES} values "
                         "(aliases such as *name repeat whole parts)",
                         "write the values out, without & anchors and * aliases")
            return False
        if depth > MAX_DEPTH:
            problems.add(path, line, f"the YAML is nested more than {MAX_DEPTH} levels deep",
                         "records are a few levels deep: check the indentation and brackets")
            return False
        if isinstance(current, yaml.SequenceNode):
            stack.extend((child, depth + 1) for child in current.value)
        elif isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                if not isinstance(key, yaml.ScalarNode):
                    problems.add(path, key.start_mark.line + 1 + offset, "a key that is a "
                                 "list or a mapping", "keys are plain words: `name: value`")
                    return False
                stack.append((value, depth + 1))
    return True


def parse_yaml(text: str, path: str, problems: Problems, offset: int = 0):
    """Parse YAML text; on error record a problem and return None.

    Work is bounded before construction: a small file of nested aliases cannot expand
    into millions of values, nor a deep nesting exhaust the stack."""
    loader = _Loader(text)
    loader.offset = offset
    loader.duplicates = []
    try:
        node = loader.get_single_node()
        if node is None or not _bounded(node, path, problems, offset):
            return None
        data = loader.construct_document(node)
    except RecursionError:
        problems.add(path, 1 + offset, "the YAML is nested too deeply to read",
                     "records are a few levels deep: check the indentation and brackets")
        return None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = (mark.line + 1 + offset) if mark else 1 + offset
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        problems.add(path, line, f"invalid YAML: {reason}",
                     "fix the syntax here (indentation, a missing colon, or quote text "
                     "that contains ': ' or starts with a special character)")
        return None
    finally:
        loader.dispose()
    for line, key in loader.duplicates:
        problems.add(path, line, f"duplicate key '{key}'",
                     "keep one of the two entries; YAML would silently drop the first")
    _tag_paths(data, path)
    return data


def read_source(file: Path, rel: str, problems: Problems) -> str | None:
    """The text of a source file, or None with a problem (too big, not UTF-8, unreadable)."""
    try:
        size = file.stat().st_size
        if not file.is_file():
            problems.add(rel, 1, "not a regular file", "replace it with a text file")
            return None
        if size > MAX_SOURCE_BYTES:
            problems.add(rel, 1, f"file is {size / 1048576:.1f} MB, over the "
                         f"{MAX_SOURCE_BYTES // 1048576} MB limit for a source file",
                         "split the records over several files")
            return None
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        problems.add(rel, 1, "file is not UTF-8 text", "save the file as UTF-8")
        return None
    except OSError as err:
        problems.add(rel, 1, f"cannot read the file ({err.strerror})", "check the file")
        return None
    if text.startswith("\ufeff"):
        problems.add(rel, 1, "file starts with a byte-order mark (BOM)",
                     "save it as UTF-8 without BOM (most editors: 'UTF-8', not 'UTF-8 BOM')")
        text = text[1:]
    return text


def load_yaml_file(file: Path, rel: str, problems: Problems):
    """Read and parse one YAML file."""
    text = read_source(file, rel, problems)
    return None if text is None else parse_yaml(text, rel, problems)


# MkDocs' own reading of front matter (mkdocs.utils.meta.YAML_RE): a page is split exactly
# where the build splits it, so no line is front matter to the checks and text to the page.
FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
OPENER = re.compile(r"^-{3}[ \t]*$")


def split_front_matter(text: str):
    """Return (front matter text or None, body, line number where the body starts)."""
    m = FRONT_MATTER.match(text)
    if not m:
        return None, text, 1
    raw = m.group(1)
    return raw[:-1], text[m.end():], raw.count("\n") + 3


def load_page(file: Path, rel: str, problems: Problems):
    """Read a Markdown page: (front matter LDict or None, body, body start line)."""
    text = read_source(file, rel, problems)
    if text is None:
        return None, "", 1
    raw, body, body_line = split_front_matter(text)
    first = text.split("\n", 1)[0]
    if raw is None and first.startswith("---"):
        if OPENER.match(first):
            problems.add(rel, 1, "front matter is not closed", "end it with a line of three "
                         "dashes (---) and a line break before the page text")
        else:
            problems.add(rel, 1, f"the first line '{first[:20]}' is not a front matter line "
                         "(MkDocs would show it and what follows as page text)",
                         "write exactly --- on the first line, nothing after it")
        return None, "", body_line
    if raw is None:
        return None, body, body_line
    meta = parse_yaml(raw, rel, problems, offset=1)
    if meta is None and raw.strip():
        return None, body, body_line
    if meta is not None and not isinstance(meta, dict):
        problems.add(rel, 2, "front matter is not a mapping",
                     "write front matter as `key: value` lines between the two --- lines")
        return None, body, body_line
    return meta if meta is not None else LDict(), body, body_line
