"""The targets of issue 6, the verdicts, the printed table and the JSON file."""

from __future__ import annotations

import json
import os
import platform
import subprocess
from pathlib import Path
from typing import Any

TARGETS = {
    "p95_ms": 150.0,  # every page and API route, 16 clients at a person's pace
    "ratio": 3.0,  # page p95 / median of its bare SQL
    "export_peak_mb": 200.0,  # streaming the CSV of 100k cases
    "report_s": 2.0,  # one report build
    "report_ratio": 2.0,  # report build / its hand-written SQL aggregate
}


def machine() -> dict[str, Any]:
    def first(path: str, key: str) -> str:
        try:
            for line in Path(path).read_text().splitlines():
                if line.startswith(key):
                    return line.split(":", 1)[1].strip()
        except OSError:
            pass
        return ""

    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
            capture_output=True,
            text=True,
            check=False,
            cwd=Path(__file__).parent,
        ).stdout.strip()
    except OSError:
        commit = ""
    return {
        "cpus": os.cpu_count(),
        "cpu_model": first("/proc/cpuinfo", "model name"),
        "memory": first("/proc/meminfo", "MemTotal"),
        "python": platform.python_version(),
        "commit": commit,
    }


def _ok(passed: bool | None) -> str:
    return "—" if passed is None else ("ok" if passed else "MISS")


def verdicts(results: dict[str, Any]) -> None:
    """Mark each figure against its target, in place."""
    for row in results["pages"]:
        for kind in ("page", "api"):
            load = row.get(kind)
            if not load:
                continue
            sql_ms = row["sql_ms"]
            load["ratio"] = round(load["p95_ms"] / sql_ms, 1) if sql_ms else None
            load["p95_ok"] = load["p95_ms"] <= TARGETS["p95_ms"]
            load["ratio_ok"] = load["ratio"] is not None and load["ratio"] <= TARGETS["ratio"]
            load["answers_ok"] = load["not_200"] == 0 and load["socket_errors"] == 0
        counts = row.get("queries")
        if counts:
            for kind in ("page", "api"):
                pair = [counts.get(scale, {}).get(kind) for scale in ("1k", "100k")]
                if None not in pair:
                    counts[f"{kind}_constant"] = pair[0] == pair[1]
    export = results.get("export")
    if export:
        export["peak_ok"] = export["peak_rss_mb"] <= TARGETS["export_peak_mb"]
    for report in results.get("reports", {}).values():
        report["build_ok"] = report["build_ms"] <= TARGETS["report_s"] * 1000
        ratio = report["build_ms"] / report["sql_ms"] if report["sql_ms"] else None
        report["ratio"] = round(ratio, 1) if ratio else None
        report["ratio_ok"] = ratio is not None and ratio <= TARGETS["report_ratio"]


def table(results: dict[str, Any]) -> str:
    t = TARGETS
    head = (
        f"{'page':<14} {'via':<4} {'alone':>6} {'(db)':>5} {'p50':>6} {'p95':>6} "
        f"{'≤' + str(int(t['p95_ms'])):>5} {'SQL':>6} {'p95/SQL':>7} "
        f"{'≤' + str(int(t['ratio'])):>5} {'max/s':>5} {'p95':>6} "
        f"{'q 1k':>4} {'100k':>4} {'same':>4} {'others':>6}"
    )
    lines = [head, "-" * len(head)]
    for row in results["pages"]:
        counts = row.get("queries", {})
        for kind in ("page", "api"):
            load = row.get(kind)
            alone = row.get("alone", {}).get(kind, {})
            q1 = counts.get("1k", {}).get(kind, "")
            q100 = counts.get("100k", {}).get(kind, "")
            same = _ok(counts.get(f"{kind}_constant"))
            if not load:
                if kind == "api":
                    lines.append(f"{'':<14} {'api':<4} {row.get('api_note', '')}")
                continue
            bad = "" if load["answers_ok"] else f"  ({load['not_200']} not 200!)"
            most = load.get("saturation") or {}
            lines.append(
                f"{row['name'] if kind == 'page' else '':<14} {kind:<4} "
                f"{alone.get('ms', ''):>6} {alone.get('db_ms', ''):>5} "
                f"{load['p50_ms']:>6.0f} {load['p95_ms']:>6.0f} {_ok(load['p95_ok']):>5} "
                f"{row['sql_ms']:>6.2f} {load['ratio'] or 0:>7.0f} {_ok(load['ratio_ok']):>5} "
                f"{most.get('rps', 0):>5.0f} {most.get('p95_ms', 0):>6.0f} "
                f"{q1!s:>4} {q100!s:>4} {same:>4} {load['others_cpu']:>6.0%}{bad}"
            )
    settings = results.get("settings", {})
    lines.append(
        "milliseconds. alone (db): one request at a time in process, and its time in the "
        f"database; p50/p95: {settings.get('clients', 16)} clients each waiting "
        f"{settings.get('think_ms', '?')} ms between requests; SQL: median of the bare SQL; "
        "max/s, p95: the same clients with no wait (the server's capacity, and the latency "
        "when saturated); others: CPU other processes took meanwhile"
    )
    lines += readings(results)
    export = results.get("export")
    if export:
        lines += [
            "",
            f"CSV export of {export['rows']:,} cases ({export['megabytes']} MB in "
            f"{export['seconds']} s): peak RSS {export['peak_rss_mb']} MB "
            f"(≤ {int(t['export_peak_mb'])}: {_ok(export['peak_ok'])}; "
            f"{export['baseline_rss_mb']} MB before the export)",
        ]
    reports = results.get("reports") or {}
    if reports:
        lines.append("")
    for name, report in reports.items():
        lines.append(
            f"report {name}: build {report['build_ms']} ms (≤ {t['report_s']} s: "
            f"{_ok(report['build_ok'])}), SQL {report['sql_ms']} ms, ratio {report['ratio']} "
            f"(≤ {t['report_ratio']}: {_ok(report['ratio_ok'])})"
            # The content alone, without laying out the file, beside the same SQL.
            + (
                f"; figures alone {report['figures_ms']} ms "
                f"({report['figures_ms'] / report['sql_ms']:.1f}× the SQL)"
                if report.get("figures_ms") and report["sql_ms"]
                else ""
            )
        )
    if results.get("reports_skipped"):
        lines += ["", "reports: not timed (--no-reports)"]
    elif not reports:
        lines += ["", "reports: none declared (bench/pages.py REPORTS)"]
    return "\n".join(lines)


def readings(results: dict[str, Any]) -> list[str]:
    """The page ratio read two other ways, for the issue's owner to choose among: a page
    alone over its SQL, and what it costs above the floor page (the session, the user,
    the layout: what no page can avoid) over its SQL. Figures, not verdicts."""
    rows = {row["name"]: row for row in results["pages"]}
    floor = rows.get("floor", {}).get("alone", {})
    lines = [
        "",
        "the page ratio read other ways (no verdict): alone / SQL, and above the floor "
        "page's alone / SQL",
    ]
    for name, row in rows.items():
        for kind in ("page", "api"):
            alone = row.get("alone", {}).get(kind, {}).get("ms")
            base = floor.get(kind, {}).get("ms")
            if name == "floor" or alone is None or base is None or not row["sql_ms"]:
                continue
            above = max(alone - base, 0) / row["sql_ms"]
            lines.append(
                f"{name if kind == 'page' else '':<14} {kind:<4} "
                f"{alone / row['sql_ms']:>6.1f} {above:>6.1f}"
            )
    return lines if len(lines) > 2 else []


def write(results: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
