"""The cross-year pass of a command-line batch, at scale.

The workers that checked the reports left each one's SeriesData in the series store (store.py)
and handed back its SeriesKey. Here the parent pairs the reports by those keys (loading only a
report's sentences and figures, only where a body has several candidates, once per distinct
content; the pairing of an unchanged batch comes from the cache), then each pair's check runs in
a worker under the per-file budget, its result cached under a key made of both reports'
contents, the rules and the settings: a re-run over unchanged files does no pair work at all,
and copies of one report share one check. Reports come out in input order, each as soon as its
pair is done.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from gklint import cache as user_cache
from gklint.batch import Job, SharedFindings, job_options, selected_metas, selected_rules
from gklint.guard import Budget, GuardedPool, budget_report
from gklint.model import FileReport, Finding, SeriesData
from gklint.results import metas_digest
from gklint.series import store
from gklint.series.names import series_settings
from gklint.series.pairing import Pairing, Stored, Texts, pair_named, texts_of

# The rules, the runner and the post-pass are imported where a pair is checked: a re-run of an
# unchanged batch finds every pair's result in the cache and loads none of them (as results.py).

Ref = tuple[str, Job]  # a report's content digest, and its job to check it again if the entry is gone


@dataclass(frozen=True)
class PairJob:
    """One report's cross-year check: plain data, sent to a worker."""

    key: str  # of its cached result
    current: Ref
    previous: Ref | None
    previous_path: str
    duplicates: tuple[str, ...]


def cross_year(
    reports: list[FileReport],
    jobs: Sequence[Job],
    groups: Mapping[int, str],
    explicit: Mapping[int, int],
    budget: Budget,
    workers: int,
) -> Iterator[FileReport]:
    """The reports (checked with `series_store`) with their cross-year findings, in order."""
    pairing = _pairing(reports, jobs, groups, explicit)
    needs = {i: job for i in range(len(reports)) if (job := _pair_job(i, reports, jobs, pairing))}
    unique = list({job.key: job for job in needs.values()}.values())  # copies share a check
    shared = SharedFindings()

    def kept(job: PairJob, found: tuple[Finding, ...]) -> tuple[Finding, ...]:
        return shared(found) if job.duplicates else found  # a copy finds what its original finds

    done = {
        job.key: kept(job, found)
        for job in unique
        if isinstance(found := user_cache.load_result(job.key), tuple)
    }
    todo = [job for job in unique if job.key not in done]
    for selection in {_selection(job.current[1]) for job in todo}:
        selected_rules(*selection)  # loaded once, before the workers fork
    from gklint.series.postpass import with_series_findings

    with GuardedPool(run_pair, _breach, budget, min(workers, len(todo))) as pool:
        results, pending = iter(pool.map(todo) if todo else ()), iter(todo)
        for i, report in enumerate(reports):
            job = needs.get(i)
            if job is None:
                yield replace(report, series_key=None)
                continue
            while job.key not in done:
                waited = next(pending)
                done[waited.key] = kept(waited, next(results))
            yield with_series_findings(report, done[job.key], job.previous_path)


def _pairing(
    reports: Sequence[FileReport], jobs: Sequence[Job], groups: Mapping[int, str], explicit: Mapping[int, int]
) -> Pairing:
    """The batch's pairs; cached under all its keys, so an unchanged batch loads no data."""
    keys = [r.series_key for r in reports]
    parts = [repr(series_settings()), repr(sorted(groups.items())), repr(sorted(explicit.items()))]
    cache_key = user_cache.digest(["series-pairing", *parts, *map(repr, keys)])
    found = user_cache.load_result(cache_key)
    if isinstance(found, Pairing):
        return found
    relations = Stored(keys, lambda i: _texts((keys[i].content, jobs[i])))  # type: ignore[union-attr]
    named = [(k.agency, k.year) if k else None for k in keys]
    pairing = pair_named(named, relations, groups, explicit)
    user_cache.store_result(cache_key, pairing)
    return pairing


def _pair_job(i: int, reports: Sequence[FileReport], jobs: Sequence[Job], pairing: Pairing) -> PairJob | None:
    key = reports[i].series_key
    before = pairing.previous.get(i)
    copies = pairing.duplicates.get(i, ())
    if key is None or (before is None and not copies):
        return None
    prev_key = reports[before].series_key if before is not None else None
    previous = (prev_key.content, jobs[before]) if prev_key and before is not None else None
    duplicates = tuple(reports[j].path for j in copies)
    rules = metas_digest(selected_metas(*_selection(jobs[i])))
    parts = [rules, repr(jobs[i].settings.rule_severity), key.content, previous[0] if previous else "-"]
    result_key = user_cache.digest(["series-pair", *parts, *duplicates])
    path = reports[before].path if before is not None else ""
    return PairJob(result_key, (key.content, jobs[i]), previous, path, duplicates)


def run_pair(job: PairJob) -> tuple[Finding, ...]:
    """In a worker: one report's cross-year findings, worked out and cached."""
    from gklint.rules.kinds.series import SeriesLink
    from gklint.series.postpass import pair_findings

    data, _ = _entry(job.current)
    if data is None:  # its file is gone or changed since it was checked: nothing to compare
        return ()
    prev, fails = _entry(job.previous) if job.previous else (None, ())
    link = SeriesLink(data, prev, job.previous_path, fails, job.duplicates)
    current = job.current[1]
    found = pair_findings(link, selected_rules(*_selection(current)), dict(current.settings.rule_severity))
    user_cache.store_result(job.key, found)
    return found


def _texts(ref: Ref) -> Texts:
    """What pairing needs of a report: from the store, or by checking its file again."""
    found = store.texts(ref[0])
    return found if found is not None else texts_of(_entry(ref)[0])


def _entry(ref: Ref) -> tuple[SeriesData | None, tuple[Finding, ...]]:
    """A report's SeriesData and failures: from the store, or by checking its file again."""
    from gklint.runner import check_path

    content, job = ref
    entry = store.get(content)
    if entry is not None:
        return entry
    options = replace(job_options(job, selected_rules(*_selection(job))), series_store=False)
    report = check_path(job.path, options, job.data, cached=False)
    return report.series, store.failures(report.findings)


def _selection(job: Job) -> tuple[tuple[Path, ...], tuple[str, ...], tuple[str, ...]]:
    """The job's rule folders, --select and --ignore: what picks its rules."""
    s = job.settings
    return tuple(s.rules), s.select, s.ignore


def _breach(job: PairJob, kind: str) -> tuple[Finding, ...]:
    return budget_report(job.current[1].path, kind).findings


__all__ = ["PairJob", "cross_year", "run_pair"]
