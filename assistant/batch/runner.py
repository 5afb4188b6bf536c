"""The auto-report batch: a whole table of agencies in, every agency's reports out.

Each agency is one unit of work with its own folder: the metrics file it was built from, its
score, its draft (JSON, and Markdown/DOCX/ODT by ``formats``) and the review of that draft.
A manifest records each finished agency with a fingerprint of its input, so a rerun skips
what is done and a killed run resumes; every file is written atomically, so a kill never
leaves half a file. One agency failing never stops the others: it is listed with its error.
Outputs carry no timestamps, so the same input gives the same bytes; the run's time and
versions go into ``manifest.json`` only.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.fileio import write_text_atomic
from assistant.model.loaders import dump_metrics_yaml
from assistant.model.metrics import MetricsFile
from assistant.model.tables import load_table

FORMATS = ("md", "docx", "odt")
MANIFEST = "manifest.json"
Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class AgencyJob:
    agency_id: str
    metrics_yaml: str
    formats: tuple[str, ...]
    lang: str
    roc_year: bool

    def fingerprint(self) -> str:
        """What the agency's outputs depend on: its data, the formats and the language."""
        key = json.dumps(
            [self.metrics_yaml, self.formats, self.lang, self.roc_year], ensure_ascii=False
        )
        return hashlib.sha256(key.encode()).hexdigest()[:20]


@dataclass
class BatchResult:
    done: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failures: list[dict[str, Any]] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)


def _dump(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def process_agency(job: AgencyJob, folder: str) -> list[str]:
    """Score, draft and self-review one agency into ``folder``; returns the files written."""
    import yaml

    from assistant.drafting import DraftOptions, draft_json, write_draft
    from assistant.drafting.verifier import section_metrics
    from assistant.export.draft_files import write_draft as write_draft_file
    from assistant.review.rules import review_text
    from assistant.review.service import review_json
    from assistant.scoring.engine import report_json, score_metrics
    from assistant.scoring.framework import get_framework

    out = Path(folder)
    metrics = MetricsFile.model_validate(yaml.safe_load(job.metrics_yaml))
    framework = get_framework(metrics.framework)
    report = score_metrics(metrics, framework)
    draft = write_draft(
        metrics, framework, options=DraftOptions(job.lang, job.roc_year), report=report
    )
    document = draft_json(draft)
    written = [out / "metrics.yaml", out / "score.json", out / "draft.json", out / "review.json"]
    write_text_atomic(written[0], job.metrics_yaml)
    write_text_atomic(written[1], _dump(report_json(report, job.lang)))
    write_text_atomic(written[2], _dump(document))
    # the draft states computed lights, so its review leaves the agency's self-ratings aside
    unrated = section_metrics(metrics, [g.id for g in metrics.goals])
    review = review_text(unrated, framework, draft.text())
    write_text_atomic(written[3], _dump(review_json(review, lang=job.lang)))
    for suffix in job.formats:
        written += write_draft_file(document, out / f"draft.{suffix}")
    return [str(p.relative_to(out)) for p in written]


def _manifest(out: Path) -> dict[str, Any]:
    path = out / MANIFEST
    if not path.is_file():
        return {"agencies": {}}
    try:
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return data
    except json.JSONDecodeError:
        return {
            "agencies": {}
        }  # a manifest cannot be half-written (atomic), but never trust it blindly


def run_batch(
    table: Path,
    out: Path,
    *,
    formats: tuple[str, ...] = ("md", "docx"),
    jobs: int = 1,
    force: bool = False,
    lang: str = "zh-TW",
    roc_year: bool = False,
    progress: Progress | None = None,
) -> BatchResult:
    """Every agency of ``table`` into ``out``; finished agencies with the same input are skipped."""
    from assistant.scoring.engine import score_metrics
    from assistant.scoring.framework import get_framework
    from assistant.scoring.ranking import rank_reports

    loaded = load_table(table, str(table))
    manifest = _manifest(out)
    finished: dict[str, Any] = {} if force else dict(manifest.get("agencies", {}))
    result = BatchResult()
    todo: list[AgencyJob] = []
    for item in loaded.agencies:
        job = AgencyJob(
            item.metrics.agency.id, dump_metrics_yaml(item.metrics), formats, lang, roc_year
        )
        entry = finished.get(job.agency_id)
        folder = out / "agencies" / job.agency_id
        if (
            entry
            and entry.get("fingerprint") == job.fingerprint()
            and all((folder / f).is_file() for f in entry.get("files", []))
        ):
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

    if jobs > 1 and len(todo) > 1:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = {
                job: pool.submit(process_agency, job, str(out / "agencies" / job.agency_id))
                for job in todo
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
    ok = sorted(set(result.done) | set(result.skipped))
    reports = []
    for item in loaded.agencies:
        if item.metrics.agency.id in ok:
            reports.append(score_metrics(item.metrics, get_framework(item.metrics.framework)))
    ranking = (
        rank_reports(reports, get_framework(reports[0].framework.id), None, lang) if reports else {}
    )
    result.summary = {
        "table": table.name,
        "agencies": len(loaded.agencies) + len(loaded.failures),
        "completed": ok,
        "failures": sorted(result.failures, key=lambda f: f["agency_id"]),
        "ranking": ranking,
        "formats": list(formats),
    }
    write_text_atomic(out / "summary.json", _dump(result.summary))
    write_text_atomic(out / "ranking.csv", _ranking_csv(ranking))
    return result


def _ranking_csv(ranking: dict[str, Any]) -> str:
    import csv
    import io

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["rank", "agency_id", "agency_name", "score", "grade"])
    for u in ranking.get("units", []):
        writer.writerow([u["rank"] if u["rank"] is not None else "", u["agency_id"], u["agency_name"],
                         u["score"] or "", u["grade"]])  # fmt: skip
    return buf.getvalue()
