"""The auto-report batch: a whole table of agencies in, every agency's reports out.

Each agency is one unit of work with its own folder: the metrics file it was built from, its
score, its draft (JSON, and Markdown/DOCX/ODT by ``formats``), the review of that draft and,
when the agency wrote one, the review of its own narrative. A manifest records each finished
agency with a fingerprint of its input, so a rerun skips what is done and a killed run
resumes; every file is written atomically, so a kill never leaves half a file. One agency
failing never stops the others: it is listed with its error. Reports carry no timestamps, so
the same input gives the same bytes; the run's time and versions go into ``manifest.json``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import platform
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.fileio import write_bytes_atomic, write_text_atomic
from assistant.model.loaders import dump_metrics_yaml
from assistant.model.metrics import MetricsFile
from assistant.model.tables import load_table

FORMATS = ("md", "docx", "odt")
MANIFEST = "manifest.json"
NARRATIVE_SUFFIXES = (".md", ".txt", ".docx", ".pdf")
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class AgencyJob:
    agency_id: str
    metrics_yaml: str
    formats: tuple[str, ...]
    lang: str
    roc_year: bool
    narrative: str | None = None
    narrative_digest: str | None = None
    model: str | None = None  # the language model that writes the goal sections, or offline

    def fingerprint(self) -> str:
        """What the outputs depend on: data, narrative, formats, language, year style, model."""
        key = [self.metrics_yaml, self.formats, self.lang, self.roc_year, self.narrative_digest,
               self.model]  # fmt: skip
        return hashlib.sha256(json.dumps(key, ensure_ascii=False).encode()).hexdigest()[:20]


@dataclass
class BatchResult:
    done: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failures: list[dict[str, Any]] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)


def _dump(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def process_agency(job: AgencyJob, folder: str, model: Any = None) -> list[str]:
    """Score, draft and self-review one agency into ``folder``; returns the files written."""
    import yaml

    from assistant.drafting import DraftOptions, draft_json, write_draft
    from assistant.drafting.verifier import section_metrics
    from assistant.export.draft_files import write_draft as write_draft_file
    from assistant.review import load_narrative, review
    from assistant.review.rules import review_text, self_rating_flags
    from assistant.review.service import review_json
    from assistant.scoring.engine import report_json, score_metrics
    from assistant.scoring.framework import get_framework

    out = Path(folder)
    metrics = MetricsFile.model_validate(yaml.safe_load(job.metrics_yaml))
    framework = get_framework(metrics.framework)
    report = score_metrics(metrics, framework)
    options = DraftOptions(job.lang, job.roc_year)
    draft = write_draft(metrics, framework, options=options, report=report, model=model)
    document = draft_json(draft)
    written = [out / "metrics.yaml", out / "score.json", out / "draft.json", out / "review.json"]
    write_text_atomic(written[0], job.metrics_yaml)
    write_text_atomic(written[1], _dump(report_json(report, job.lang)))
    write_text_atomic(written[2], _dump(document))
    # the draft states computed lights, so its review leaves the agency's self-ratings aside
    unrated = section_metrics(metrics, [g.id for g in metrics.goals])
    flags = review_text(unrated, framework, draft.text())
    write_text_atomic(written[3], _dump(review_json(flags, lang=job.lang)))
    for suffix in job.formats:
        written += write_draft_file(document, out / f"draft.{suffix}")
    if job.narrative:
        own = review(metrics, framework, load_narrative(Path(job.narrative)))
        written.append(out / "narrative-review.json")
        write_text_atomic(written[-1], _dump(review_json(own, lang=job.lang)))
    elif any(ind.self_rating for _, _, _, ind in metrics.indicators()):
        # no narrative, but the agency rated itself: its claimed lights against the computed ones
        claims = self_rating_flags(metrics, framework, report)
        written.append(out / "self-rating-review.json")
        write_text_atomic(written[-1], _dump(review_json(claims, lang=job.lang)))
    return [str(p.relative_to(out)) for p in written]


def _manifest(out: Path) -> dict[str, Any]:
    path = out / MANIFEST
    if not path.is_file():
        return {"agencies": {}}
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError:  # written atomically, but never trusted blindly
        return {"agencies": {}}
    return data


def _narrative_for(folder: Path | None, agency_id: str) -> Path | None:
    if folder is None:
        return None
    candidates = (folder / f"{agency_id}{suffix}" for suffix in NARRATIVE_SUFFIXES)
    return next((p for p in candidates if p.is_file()), None)


def _digest(path: Path | None) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:20] if path else None


def _job(item: Any, formats: tuple[str, ...], lang: str, roc: bool, narratives: Path | None,
         model: str | None) -> AgencyJob:  # fmt: skip
    narrative = _narrative_for(narratives, item.metrics.agency.id)
    return AgencyJob(
        item.metrics.agency.id, dump_metrics_yaml(item.metrics), formats, lang, roc,
        str(narrative) if narrative else None, _digest(narrative), model,
    )  # fmt: skip


def run_batch(
    table: Path,
    out: Path,
    *,
    formats: tuple[str, ...] = ("md", "docx"),
    jobs: int = 1,
    force: bool = False,
    lang: str = "zh-TW",
    roc_year: bool = False,
    quota: str | None = None,
    narratives: Path | None = None,
    model: Any = None,
    concurrency: int = 4,
    progress: Progress | None = None,
) -> BatchResult:
    """Every agency of ``table`` into ``out``; finished agencies with the same input are skipped."""
    started = time.time()
    loaded = load_table(table, str(table))
    finished: dict[str, Any] = {} if force else dict(_manifest(out).get("agencies", {}))
    result = BatchResult()
    todo: list[AgencyJob] = []
    for item in loaded.agencies:
        job = _job(
            item, formats, lang, roc_year, narratives, model.name if model is not None else None
        )
        entry: dict[str, Any] = finished.get(job.agency_id) or {}
        folder = out / "agencies" / job.agency_id
        done = entry.get("fingerprint") == job.fingerprint()
        if done and all((folder / f).is_file() for f in entry.get("files", [])):
            result.skipped.append(job.agency_id)
        else:
            todo.append(job)
    total = len(todo)

    def record(job: AgencyJob, files: list[str]) -> None:
        finished[job.agency_id] = {"fingerprint": job.fingerprint(), "files": files}
        write_text_atomic(out / MANIFEST, _dump({"agencies": dict(sorted(finished.items()))}))
        result.done.append(job.agency_id)
        if progress:
            progress(job.agency_id, len(result.done), total)

    def failed(job: AgencyJob, error: BaseException) -> None:
        result.failures.append(
            {"agency_id": job.agency_id, "error": f"{type(error).__name__}: {error}"}
        )

    if model is not None:
        # with a model the work waits on the endpoint: threads share one client (its retries,
        # usage counts and fail-fast), and at most ``concurrency`` agencies are in flight
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(max_workers=max(1, concurrency)) as threads:
            futures = {
                j: threads.submit(process_agency, j, str(out / "agencies" / j.agency_id), model)
                for j in todo
            }
            for job, future in futures.items():
                try:
                    record(job, future.result())
                except Exception as error:  # one agency never stops the others
                    failed(job, error)
    elif jobs > 1 and len(todo) > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = {
                j: pool.submit(process_agency, j, str(out / "agencies" / j.agency_id)) for j in todo
            }
            for job, future in futures.items():
                try:
                    record(job, future.result())
                except Exception as error:  # one agency never stops the others
                    failed(job, error)
    else:
        for job in todo:
            try:
                record(job, process_agency(job, str(out / "agencies" / job.agency_id)))
            except Exception as error:  # one agency never stops the others
                failed(job, error)
    for failure in loaded.failures:
        problem = failure.error.problems[0]
        result.failures.append({"agency_id": failure.agency_id, "error": failure.error.render(lang),
                                "line": problem.line, "field": problem.field})  # fmt: skip
    _finish(out, table, loaded, result, finished, formats, lang, quota)
    run = _run_info(started, formats, jobs)
    if model is not None:
        run["llm"] = {"model": model.name, "usage": model.usage.to_json()}
    manifest = {"agencies": dict(sorted(finished.items())), "run": run}
    write_text_atomic(out / MANIFEST, _dump(manifest))
    return result


def _finish(out: Path, table: Path, loaded: Any, result: BatchResult, finished: dict[str, Any],
            formats: tuple[str, ...], lang: str, quota: str | None) -> None:  # fmt: skip
    """summary.json, ranking.csv, the charts and index.html of the whole run."""
    from assistant.batch.dashboard import flags_chart_png, index_html, lights_chart_png
    from assistant.scoring.engine import score_metrics
    from assistant.scoring.framework import get_framework, get_quota
    from assistant.scoring.ranking import rank_reports

    ok = sorted(set(result.done) | set(result.skipped))
    reports = [
        score_metrics(item.metrics, get_framework(item.metrics.framework))
        for item in loaded.agencies
        if item.metrics.agency.id in ok
    ]
    ranking: dict[str, Any] = {}
    if reports:
        framework = reports[0].framework
        rule_id = quota or framework.ranking.quota
        ranking = rank_reports(reports, framework, get_quota(rule_id) if rule_id else None, lang)
    result.summary = {
        "table": table.name,
        "agencies": len(loaded.agencies) + len(loaded.failures),
        "completed": ok,
        "failures": sorted(result.failures, key=lambda f: f["agency_id"]),
        "ranking": ranking,
        "formats": list(formats),
        **_details(out, reports, finished, ranking),
    }
    write_text_atomic(out / "summary.json", _dump(result.summary))
    write_text_atomic(out / "ranking.csv", _ranking_csv(ranking))
    lights, flags = lights_chart_png(result.summary, lang), flags_chart_png(result.summary, lang)
    write_bytes_atomic(out / "charts" / "lights.png", lights)
    write_bytes_atomic(out / "charts" / "flags.png", flags)
    write_text_atomic(out / "index.html", index_html(result.summary, lights, flags, lang))


def _details(
    out: Path, reports: list[Any], finished: dict[str, Any], ranking: dict[str, Any]
) -> dict[str, Any]:
    """What the dashboard shows: lights per agency (ranking order), flags by kind, files."""
    by_id = {r.agency_id: r for r in reports}
    order = [u["agency_id"] for u in ranking.get("units", [])] or sorted(by_id)
    framework = reports[0].framework if reports else None
    ratings = (
        [b.id for b in framework.ratings.bands] + [framework.ratings.not_measurable.id]
        if framework
        else []
    )
    agencies = []
    flags: dict[str, int] = {}
    for agency_id in order:
        report = by_id[agency_id]
        lights: dict[str, int] = {}
        for ind in report.indicators:
            lights[ind.rating.id] = lights.get(ind.rating.id, 0) + 1
        agencies.append(
            {"agency_id": agency_id, "agency_name": report.agency_name, "lights": lights}
        )
        review = out / "agencies" / agency_id / "review.json"
        if review.is_file():
            for kind, n in json.loads(review.read_text(encoding="utf-8"))["summary"][
                "by_kind"
            ].items():
                flags[kind] = flags.get(kind, 0) + n
    colors = {b.id: b.color for b in framework.ratings.bands if b.color} if framework else {}
    return {
        "agencies_detail": agencies,
        "rating_order": ratings,
        "colors": colors,
        "flags_by_kind": dict(sorted(flags.items())),
        "files": {a: finished[a]["files"] for a in sorted(finished) if a in by_id},
    }


def _ranking_csv(ranking: dict[str, Any]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["rank", "agency_id", "agency_name", "score", "grade"])
    for u in ranking.get("units", []):
        writer.writerow([u["rank"] if u["rank"] is not None else "", u["agency_id"], u["agency_name"],
                         u["score"] or "", u["grade"]])  # fmt: skip
    return buf.getvalue()


def _run_info(started: float, formats: tuple[str, ...], jobs: int) -> dict[str, Any]:
    """The only place a time or a version is written: the manifest, never the reports."""
    from importlib.metadata import version

    return {
        "started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(started)),
        "seconds": round(time.time() - started, 1),
        "kaoping": version("kaoping"),
        "python": platform.python_version(),
        "formats": list(formats),
        "jobs": jobs,
    }
