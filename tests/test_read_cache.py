"""The checker's readings for the workbench are kept in the build cache: a build with an
unchanged catalogue reads no paragraph again, gives the same readings, and never uses a
cache file its user's own build did not write."""

from __future__ import annotations

import json
from concurrent.futures import Future

from macros.checker.reading import duty_reader
from macros.checks.loader import load
from macros.model import cache
from macros.site import read_cache
from macros.site.read_cache import ReadCache, read_templates
from macros.views.workbench import template_data


def _all_data(cat, reads):
    return [template_data(cat, tpl, reads) for tpl in cat.templates.values()]


def test_a_second_build_reads_nothing_again_and_gives_the_same_readings(mini):
    cat = load(mini)
    first = ReadCache(cat)
    made = _all_data(cat, first)
    assert first.misses > 0 and first.hits == 0
    first.save()
    again = ReadCache(load(mini))
    assert _all_data(again.cat, again) == made == _all_data(cat, duty_reader(cat))
    assert again.misses == 0 and again.hits > 0


def test_readings_made_by_the_second_process_are_used_and_kept(mini):
    """An empty cache: the second process reads every template (read_templates); the
    pages take its readings, and the next build finds them in the cache."""
    cat = load(mini)
    made = Future()
    made.set_result(read_templates(mini))
    reads = ReadCache(cat)
    reads.expect(made, lambda future: future.result())
    assert _all_data(cat, reads) == _all_data(cat, duty_reader(cat))
    assert reads.misses == 0 and reads.hits > 0
    reads.save()
    later = ReadCache(load(mini))
    _all_data(later.cat, later)
    assert later.misses == 0 and later.stored == later.used


def test_a_failed_second_process_leaves_the_reading_to_the_build(mini):
    cat = load(mini)
    failed = Future()
    failed.set_exception(RuntimeError("the worker died"))
    reads = ReadCache(cat)
    reads.expect(failed, lambda future: future.result())
    assert _all_data(cat, reads) == _all_data(cat, duty_reader(cat))
    assert reads.misses > 0


def test_readings_unused_by_a_build_are_dropped_when_it_saves(mini):
    cat = load(mini)
    reads = ReadCache(cat)
    _all_data(cat, reads)
    reads.save()
    kept = json.loads(reads.path.read_text(encoding="utf-8"))
    kept["reads"]["\0一段早已删去的文字"] = ["x"]
    reads.path.write_text(json.dumps(kept, ensure_ascii=False), encoding="utf-8")
    later = ReadCache(cat)
    _all_data(cat, later)
    later.save()
    assert "\0一段早已删去的文字" not in json.loads(later.path.read_text("utf-8"))["reads"]


def test_a_changed_cue_reads_again(mini):
    cat = load(mini)
    reads = ReadCache(cat)
    _all_data(cat, reads)
    reads.save()
    ob = next(iter(cat.obligations.values()))
    ob.setdefault("cues", {}).setdefault("keywords", []).append("一个新的提示词")
    assert read_cache.reads_key(cat) != reads.key
    again = ReadCache(cat)
    _all_data(cat, again)
    assert again.hits == 0 and again.misses > 0


def test_a_cache_file_written_under_another_secret_is_not_used(mini, monkeypatch, tmp_path):
    """Someone who can write .cache (a committed file, a copied folder) cannot plant
    readings: the key mixes in this user's secret."""
    monkeypatch.setenv(cache.SECRET_ENV, str(tmp_path / "other-secret"))
    cache.secret.cache_clear()
    try:
        cat = load(mini)
        planted = ReadCache(cat)
        _all_data(cat, planted)
        planted.used = {k: ["planted"] for k in planted.used}
        planted.save()
        monkeypatch.setenv(cache.SECRET_ENV, str(tmp_path / "user-secret"))
        cache.secret.cache_clear()
        mine = ReadCache(cat)
        data = _all_data(cat, mine)
        assert mine.hits == 0
        assert "planted" not in json.dumps(data, ensure_ascii=False)
    finally:
        cache.secret.cache_clear()
