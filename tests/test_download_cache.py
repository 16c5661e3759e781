"""Word files and calendars are made again only when their inputs or the code behind them
change — an edit to the plugin, the checker or the CLI keeps them."""

from __future__ import annotations

from macros.model import cache
from macros.outputs import downloads


def test_a_product_is_kept_across_edits_of_code_that_does_not_make_it(mini, tmp_path,
                                                                      monkeypatch):
    package = tmp_path / "pkg"
    for layer in ("model", "outputs", "views", "site", "checker"):
        (package / layer).mkdir(parents=True)
        (package / layer / "a.py").write_text("A = 1\n")
    monkeypatch.setattr(downloads, "PACKAGE", package)
    cat = type("Cat", (), {"root": mini})()

    def where():
        cache.code_key.cache_clear()
        return downloads._product(cat, "docx-x", ["inputs"])

    first = where()
    (package / "site" / "a.py").write_text("A = 2\n")
    (package / "checker" / "b.py").write_text("B = 1\n")
    assert where() == first
    (package / "outputs" / "a.py").write_text("A = 2\n")
    assert where() != first
