"""Anchors and markers shared by the page views and the checks over them."""

# Attribute that keeps a block or a heading's whole section out of the search index:
# long cross-reference lists and example paragraphs would match almost every query.
NO_SEARCH = 'data-search-exclude="1"'
# Anchors the generated panels add to record pages (link checks and the checker use them;
# the back-link panels' anchors are declared with their references in kinds.py).
USED_IN, EXAMPLES, TERMS = "used-in", "examples", "terms"
SLOTS, SKELETON, WORKED_EXAMPLE = "caowei", "kuangjia", "wanzheng-shili"
TEMPLATE_ANCHORS = frozenset({SLOTS, SKELETON, WORKED_EXAMPLE})
# Where a template page wants its skeleton; the only template syntax a record page may hold.
SKELETON_MARK = "{{ template_skeleton() }}"
