"""`./dev bench`: every benchmark in one run, summarised as one markdown table with Wegwijzer and
the python-telegram-bot peer side by side and the targets of the production-core issue.

    .venv/bin/python -m bench [--people 50] [--rounds 3] [--burst 10000] [--population 100000]

With `--backend postgresql --workers 2` the same parts run on PostgreSQL
(WEGWIJZER_TEST_DATABASE_URL, a database of its own per part) with two webhook workers
(`bench/pg_load.py`), and the same table is printed; the peer stays the one-process peer.

The raw numbers go to --json (default: bench-results.json in the system temp folder).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import tempfile
from dataclasses import asdict
from pathlib import Path

from bench import pg_load
from bench.burst import BurstResult, run_burst
from bench.load import LoadResult, run_load
from bench.loopback_botapi import load_average
from bench.startup import StartupResult, run_startup

INTERACTIONS_TARGET = 80.0
P99_TARGET_MS = 1000.0
CPU_RATIO_TARGET = 1.5
BURST_TARGET = 29.0
STARTUP_TARGET = 3.0
RSS_TARGET = 200.0


def machine() -> str:
    model = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    return f"{os.cpu_count()} CPUs ({model}), Python {platform.python_version()}"


def mark(ok: bool) -> str:
    return "✅" if ok else "❌"


LABELS = {
    1: {
        "ours": "Wegwijzer",
        "load": "",
        "cpu": "bot and its drawing process",
        "rss": "peak RSS under load",
        "start": "launch → first getUpdates",
        "start_rss": "RSS after start-up",
        "pace": "Pacer",
    },
    2: {
        "ours": "Wegwijzer, {workers} workers on PostgreSQL",
        "load": ", Telegram by webhook through a round-robin proxy",
        "cpu": "every worker and its drawing process",
        "rss": "peak RSS under load, the workers together",
        "start": "launch → every worker has called setWebhook",
        "start_rss": "RSS after start-up, the largest worker",
        "pace": "one pace for all workers,",
    },
}


def table(ours: LoadResult, peer: LoadResult | None, burst: BurstResult | None,
          start: StartupResult | None, workers: int = 1) -> str:  # fmt: skip
    def p(r: LoadResult | None, fmt: str) -> str:
        return "—" if r is None else fmt.format(**asdict(r))

    label = {k: v.format(workers=workers) for k, v in LABELS[min(workers, 2)].items()}
    rows = [
        f"| | {label['ours']} | PTB peer | Target | Met |",
        "|---|---|---|---|---|",
    ]
    ratio = (ours.cpu_ms_per_interaction / peer.cpu_ms_per_interaction) if peer else None
    rows += [
        f"| {ours.total} people take the quiz, {ours.people} at a time, zero think time"
        f"{label['load']} "
        f"| {ours.per_second:,.1f} interactions/s | {p(peer, '{per_second:,.1f} interactions/s')} "
        f"| ≥ {INTERACTIONS_TARGET:.0f} interactions/s "
        f"| {mark(ours.per_second >= INTERACTIONS_TARGET)} |",
        f"| latency p50 / p95 / p99 | {ours.p50_ms:,.0f} / {ours.p95_ms:,.0f} / "
        f"{ours.p99_ms:,.0f} ms | {p(peer, '{p50_ms:,.0f} / {p95_ms:,.0f} / {p99_ms:,.0f} ms')} "
        f"| p99 ≤ {P99_TARGET_MS:,.0f} ms | {mark(ours.p99_ms <= P99_TARGET_MS)} |",
        f"| CPU per interaction ({label['cpu']}) "
        f"| {ours.cpu_ms_per_interaction:.1f} ms "
        f"| {p(peer, '{cpu_ms_per_interaction:.1f} ms')} "
        f"| ≤ {CPU_RATIO_TARGET}× the peer"
        + (f" (now {ratio:.2f}×)" if ratio is not None else "")
        + f" | {mark(ratio is not None and ratio <= CPU_RATIO_TARGET)} |",
        f"| CPU used, share of one core | {ours.cpu_share_of_a_core:.2f} "
        f"| {p(peer, '{cpu_share_of_a_core:.2f}')} | | |",
        f"| Bot API requests per interaction | {ours.requests_per_interaction:.2f} "
        f"| {p(peer, '{requests_per_interaction:.2f}')} | | |",
        f"| load generator + loopback API, share of one core | {ours.generator_cpu_share:.2f} "
        f"| {p(peer, '{generator_cpu_share:.2f}')} | | |",
        f"| {label['rss']} | {ours.peak_rss_mb:,.0f} MB "
        f"| {p(peer, '{peak_rss_mb:,.0f} MB')} | | |",
        f"| people finished / answers kept | {ours.finished}/{ours.total} · "
        f"{ours.answers_kept:,}/{ours.answers_expected:,} "
        f"| {p(peer, '{finished}/{total} · {answers_kept:,}/{answers_expected:,}')} | all "
        f"| {mark(ours.finished == ours.total and ours.answers_kept == ours.answers_expected)} |",
    ]
    if ours.posts_per_worker:
        posts = " · ".join(f"{n:,}" for n in ours.posts_per_worker.values())
        rows.append(f"| webhook posts per worker | {posts} | — | every worker serves | "
                    f"{mark(min(ours.posts_per_worker.values()) > 0)} |")  # fmt: skip
    if burst is not None:
        ok = burst.per_second >= BURST_TARGET and burst.lost == 0 and burst.doubled == 0
        ok = ok and burst.rows_left_sending == 0
        rows.append(
            f"| reminder burst: {burst.notices:,} notices due at once | {burst.per_second:.1f} "
            f"messages/s, {burst.lost} lost, {burst.doubled} doubled ({label['pace']} "
            f"{burst.pacer_per_second:.0f}/s) | — | ≥ {BURST_TARGET:.0f} messages/s, 0 lost, "
            f"0 doubled | {mark(ok)} |"
        )
    if start is not None:
        rows += [
            f"| start-up with {start.population:,} people ({label['start']}) "
            f"| {start.seconds_to_polling:.2f} s | — | ≤ {STARTUP_TARGET:.0f} s "
            f"| {mark(start.seconds_to_polling <= STARTUP_TARGET)} |",
            f"| {label['start_rss']} with {start.population:,} people | {start.rss_mb:,.0f} MB "
            f"(peak {start.peak_rss_mb:,.0f}) | — | ≤ {RSS_TARGET:.0f} MB "
            f"| {mark(start.peak_rss_mb <= RSS_TARGET)} |",
        ]
    return "\n".join(rows)


Parts = tuple[LoadResult, LoadResult | None, BurstResult | None, StartupResult | None]


def run_sqlite(args: argparse.Namespace, loads: list[str]) -> Parts:
    ours = asyncio.run(run_load("wegwijzer", args.people, args.rounds, args.think))
    loads.append(load_average())
    peer = None
    if not args.no_peer:
        peer = asyncio.run(run_load("peer", args.people, args.rounds, args.think))
        loads.append(load_average())
    burst = asyncio.run(run_burst(args.burst)) if args.burst else None
    loads.append(load_average())
    start = run_startup(args.population) if args.population else None
    loads.append(load_average())
    return ours, peer, burst, start


def run_postgresql(args: argparse.Namespace, loads: list[str]) -> Parts:
    """The same parts with `args.workers` workers on PostgreSQL; the peer as on SQLite."""
    dbs, workers = pg_load.Databases(), args.workers
    try:
        load = pg_load.run_load(dbs.fresh(), workers, args.people, args.rounds, args.think)
        ours = asyncio.run(load)
        loads.append(load_average())
        peer = None
        if not args.no_peer:
            peer = asyncio.run(run_load("peer", args.people, args.rounds, args.think))
            loads.append(load_average())
        burst = None
        if args.burst:
            burst = asyncio.run(pg_load.run_burst(dbs.fresh(), workers, args.burst))
            loads.append(load_average())
        start = None
        if args.population:
            start = asyncio.run(pg_load.run_startup(dbs.fresh(), workers, args.population))
            loads.append(load_average())
    finally:
        dbs.drop()
    return ours, peer, burst, start


def main() -> None:
    parser = argparse.ArgumentParser(prog="./dev bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=50, help="people at once (default 50)")
    parser.add_argument("--rounds", type=int, default=3, help="people per slot (default 3)")
    parser.add_argument("--think", type=float, default=0.0, help="seconds before each action")
    parser.add_argument("--burst", type=int, default=10_000, help="notices due at once; 0 skips")
    parser.add_argument("--population", type=int, default=100_000,
                        help="people in the start-up database; 0 skips")  # fmt: skip
    parser.add_argument("--no-peer", action="store_true", help="skip the PTB peer")
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite",
                        help="postgresql: WEGWIJZER_TEST_DATABASE_URL's server")  # fmt: skip
    parser.add_argument("--workers", type=int, default=None,
                        help="workers on postgresql (default 2; sqlite runs one)")  # fmt: skip
    parser.add_argument("--json", type=Path,
                        default=Path(tempfile.gettempdir()) / "bench-results.json")  # fmt: skip
    args = parser.parse_args()
    if args.backend == "sqlite" and args.workers not in (None, 1):
        parser.error("several workers need --backend postgresql (README: Deployment)")
    args.workers = args.workers or (2 if args.backend == "postgresql" else 1)

    loads = [load_average()]
    run = run_postgresql if args.backend == "postgresql" else run_sqlite
    ours, peer, burst, start = run(args, loads)
    results = {
        "machine": machine(),
        "backend": args.backend,
        "workers": args.workers,
        "load_averages": loads,
        "load": [asdict(r) for r in (ours, peer) if r is not None],
        "burst": asdict(burst) if burst else None,
        "startup": asdict(start) if start else None,
    }
    args.json.write_text(json.dumps(results, indent=2))
    print(table(ours, peer, burst, start, args.workers))
    print()
    print(f"Machine: {machine()}; load average (1/5/15 min) at the start and after each part: "
          f"{' → '.join(loads)}. Raw numbers: {args.json}")  # fmt: skip
    errors = [e for r in (ours, peer, burst, start) if r is not None for e in r.errors]
    for error in errors:
        print(f"error: {error}")


if __name__ == "__main__":
    main()
