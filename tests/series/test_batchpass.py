"""The command line's cross-year pass at scale: pairing by keys gives the pairs that pairing the
whole data gives; pair checks run in workers, are cached, and a re-run does none of them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from gklint import cache, runner
from gklint.cli import app
from gklint.model import Placed, Position, SeriesCell, SeriesData, SeriesSentence, Span
from gklint.series import batchpass, pairing, postpass, store
from gklint.series.pairing import InMemory, Stored, Texts, pair_named, texts_of
from tests.support.synth_series import series_texts

HERE = Placed(Span(0, 1), Position(1, 1), Position(1, 2))
TEXTS = [
    "我县坚持以公开为常态、不公开为例外，全年主动公开政府信息3200条。办理依申请公开52件，均按期答复。",
    "我县坚持以公开为常态、不公开为例外，全年主动公开政府信息3100条。办理依申请公开50件，均按期答复。",
    "本年度围绕营商环境新增公开办事指南130件，互动回应更加及时。",
    "",
]
# Sentences that near copies share, lack or add (a shingle inside another sentence, sentences
# shorter than a shingle, a copy's mark): texts made of them exercise the near-copy counting.
POOL = [
    "我县坚持以公开为常态、不公开为例外",
    "全年主动公开政府信息3200条",
    "全年主动公开政府信息3100条",
    "主动公开政府信息3200",
    "办理依申请公开52件",
    "均按期答复",
    "按期答复均",
    "（副本ab）",
    "（副本abc）",
    "本年度围绕营商环境新增公开办事指南130件，互动回应更加及时",
    "公开为常态",
    "八个字的一句话呀",
]
PIECES = st.lists(st.sampled_from(POOL), max_size=8).map("。".join)


def _data(agency: str, year: int, text: str, figures: dict[str, str]) -> SeriesData:
    cells = tuple(SeriesCell(cid, "number", raw, None, HERE) for cid, raw in figures.items())
    sentences = tuple(SeriesSentence(s, HERE) for s in text.split("。") if s)
    return SeriesData(agency, year, "C", (), cells, sentences, ())


REPORTS = st.lists(
    st.builds(
        _data,
        st.sampled_from(["某某县人民政府", "某某县政府", "某某县青山镇人民政府"]),
        st.integers(2019, 2022),
        st.one_of(st.sampled_from(TEXTS), PIECES),
        st.dictionaries(st.sampled_from(["t3.new.total", "t4.review.total"]), st.sampled_from(["1", "2"])),
    ),
    max_size=10,
)


@settings(max_examples=150, deadline=None)
@given(REPORTS)
def test_pairing_by_keys_is_pairing_by_data(reports: list[SeriesData]) -> None:
    keys = [store.put(d, ()) for d in reports]
    loads: list[int] = []

    def load(i: int) -> Texts:
        loads.append(i)
        return texts_of(reports[i])

    named = [(d.agency, d.year) for d in reports]
    by_keys = pair_named(named, Stored(keys, load))
    by_data = pair_named(named, InMemory(reports))
    assert (by_keys.previous, by_keys.duplicates) == (by_data.previous, by_data.duplicates)
    assert (by_data.previous, by_data.duplicates) == _pair_before(reports)
    assert len(loads) == len(set(loads))  # each report's data loaded once at most


@settings(max_examples=200, deadline=None)
@given(st.lists(PIECES, min_size=2, max_size=8), st.data(), st.sampled_from([0, 20, pairing.DELTA_CHARS]))
def test_overlaps_by_keys_are_the_shingles_overlaps(texts: list[str], data: st.DataObject, near: int) -> None:
    """Every overlap asked, in any order, is the very float the whole shingle sets give (near
    copies are counted from their base's shingles; `near`: how near a copy must be)."""
    reports = [_data("某某县人民政府", 2021, text, {}) for text in texts]
    keys = [store.put(d, ()) for d in reports]
    stored, whole = Stored(keys, lambda i: texts_of(reports[i])), InMemory(reports)
    pairs = st.tuples(st.integers(0, len(texts) - 1), st.integers(0, len(texts) - 1))
    with mock.patch.object(pairing, "DELTA_CHARS", near):
        for i, j in data.draw(st.lists(pairs, max_size=20)):
            assert stored.overlap(i, j) == whole.overlap(i, j)


def _pair_before(reports: list[SeriesData]) -> tuple[dict, dict]:
    """Pairing as it was before keys and relations (main 6834fc3), for reports of one body."""
    from gklint.series.copied import shingle_overlap, shingle_set
    from gklint.series.names import body_key, merge_parents
    from gklint.series.pairing import same_figures

    def sh(i: int) -> set[str]:
        return shingle_set(s.text for s in reports[i].sentences)

    merged = merge_parents({body_key(d.agency or "") for d in reports})
    bodies: dict[str, list[int]] = {}
    for i, d in enumerate(reports):
        bodies.setdefault(merged[body_key(d.agency or "")], []).append(i)
    previous: dict[int, int] = {}
    duplicates: dict[int, tuple[int, ...]] = {}
    for members in bodies.values():
        by_year: dict[int, list[int]] = {}
        for i in members:
            by_year.setdefault(reports[i].year or 0, []).append(i)
        firsts: dict[int, dict[int, set[str]]] = {}
        for year, same in by_year.items():
            kept = firsts[year] = {}
            for i in same:
                earlier = tuple(
                    j
                    for j, theirs in kept.items()
                    if same_figures(reports[i], reports[j]) and shingle_overlap(sh(i), theirs) >= 0.8
                )
                if earlier:
                    duplicates[i] = earlier
                else:
                    kept[i] = sh(i)
        years = sorted(by_year)
        for before, year in zip(years, years[1:], strict=False):
            candidates = firsts[before]
            for i in by_year[year]:
                if len(candidates) == 1:
                    previous[i] = next(iter(candidates))
                    continue
                previous[i] = max(candidates, key=lambda j: (shingle_overlap(sh(i), candidates[j]), -j))
    return previous, duplicates


def _clear() -> None:
    cache.cache_dir.cache_clear()
    cache._secret.cache_clear()
    cache._prune_once.cache_clear()


@pytest.fixture
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("GKLINT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("GKLINT_NO_CACHE", raising=False)
    _clear()
    yield tmp_path / "cache"
    _clear()


def _series(folder: Path) -> Path:
    folder.mkdir()
    texts = series_texts([2020, 2021, 2022])
    for year, text in texts.items():
        (folder / f"{year}.txt").write_text(text, encoding="utf-8")
    (folder / "2022b.txt").write_text(texts[2022], encoding="utf-8")
    return folder


def _check(*args: str) -> str:
    result = CliRunner().invoke(app, ["check", "--format", "json", "--no-config", "--jobs", "2", *args])
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def _refuse(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> None:
    def fail(*args: object) -> None:
        raise AssertionError(f"{name} called on a re-run")

    monkeypatch.setattr(module, name, fail)


def test_a_rerun_does_no_pair_work_and_prints_the_same(
    own_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _series(tmp_path / "series")
    first = _check(str(folder))
    files = {Path(f["path"]).name: f for f in json.loads(first)["files"]}
    assert files["2021.txt"]["previous"].endswith("2020.txt")
    assert any(d["rule"] == "GK711" for d in files["2022b.txt"]["diagnostics"])  # the copy
    # the workers inherit these: no report or pair checked again, nothing loaded, nothing paired
    _refuse(monkeypatch, runner, "check_source")
    _refuse(monkeypatch, postpass, "check_pair")
    _refuse(monkeypatch, store, "get")
    _refuse(monkeypatch, batchpass, "pair_named")  # the batch's pairing is cached too
    _refuse(monkeypatch, batchpass, "run_pair")
    assert _check(str(folder)) == first


def test_without_the_cache_the_same_and_nothing_left_behind(
    own_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = _series(tmp_path / "series")
    cached = _check(str(folder))
    made: list[Path] = []
    mkdtemp = store.tempfile.mkdtemp

    def spy(**kwargs: str) -> str:
        made.append(Path(mkdtemp(**kwargs)))
        return str(made[-1])

    monkeypatch.setattr(store.tempfile, "mkdtemp", spy)
    assert _check("--no-cache", str(folder)) == cached
    assert len(made) == 1 and not made[0].exists()


def test_an_entry_that_is_gone_is_made_again(own_cache: Path, tmp_path: Path) -> None:
    folder = _series(tmp_path / "series")
    paths = [folder / "2021.txt", folder / "2022.txt"]
    jobs = [batchpass.Job(str(p), _settings(), series=True, series_store=True) for p in paths]
    with store.run_store():
        rules = batchpass.selected_rules((), (), ())
        reports = [runner.check_path(j.path, batchpass.job_options(j, rules)) for j in jobs]
        old, new = (r.series_key.content for r in reports if r.series_key)
        job = batchpass.PairJob("k", (new, jobs[1]), (old, jobs[0]), str(paths[0]), ())
        found = batchpass.run_pair(job)
        assert found  # the synthetic years carry their narrative over: copied text
        for content in (old, new):  # both entries gone
            cache.store_result(store._cache_key(content), None)
        assert store.get(old) is None
        assert batchpass.run_pair(job) == found


def _settings():  # noqa: ANN202
    from gklint.config import base_settings

    return base_settings(None)
