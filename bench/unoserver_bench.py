"""Benchmark: the frozen 48-case batch converted on 1, 2 and 3 local unoserver servers and by the local pool.

    .venv/bin/python bench/unoserver_bench.py [--rounds 1]

Converts the 108 .docx of bench/reference/ (see its README) with kkdocs' converters, in this
order per round: the local LibreOffice pool (2 workers, as a build on this machine uses), then
unoserver on 1, 2 and 3 servers on 127.0.0.1 (started from .venv-unoserver before the timing,
each warmed by one untimed document). It prints the wall time of each, the documents each
server converted, and the overhead per document against the pool: (wall − pool's wall) / 108.

On 2 cores more servers cannot be faster than two; the figure to watch is that overhead, which
is what sending each file as bytes over XML-RPC, one request at a time per server, costs.
Every server it starts is killed before it exits.
"""

from __future__ import annotations

import argparse
import collections
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from unoserver_servers import UNOSERVER, Server  # noqa: E402

from kkdocs.pdf.conversion import ConversionJob  # noqa: E402
from kkdocs.pdf.converter import open_converter  # noqa: E402

REFERENCE = REPO / "bench" / "reference"


def convert(spec: str | None, sources: list[Path], out: Path) -> tuple[float, dict[str, int]]:
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    jobs = [ConversionJob(source, out / f"{source.stem}.pdf") for source in sources]
    started = time.perf_counter()
    with open_converter(spec, workers=2, timeout=120) as converter:
        results = converter.convert(jobs)
    seconds = time.perf_counter() - started
    failed = [r.error for r in results if not r.ok]
    if failed:
        raise SystemExit(f"FAIL: {len(failed)} documents not converted: {failed[:3]}")
    return seconds, dict(collections.Counter(r.by or "pool" for r in results))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    if not UNOSERVER.exists():
        print(f"FAIL: {UNOSERVER} mangler; kør scripts/unoserver-venv.sh")
        return 1
    sources = sorted(REFERENCE.glob("*.docx"))
    scratch = Path(tempfile.mkdtemp(prefix="kkdocs-unoserver-bench-"))
    servers: list[Server] = []
    try:
        servers = [Server(scratch) for _ in range(3)]
        for server in servers:
            server.wait_until_ready()
        for server in servers:  # warm each profile with one untimed document
            convert(f"unoserver://{server.address}", sources[:1], scratch / "warm")
        convert(None, sources[:2], scratch / "warm")
        print(f"{len(sources)} documents from {REFERENCE.relative_to(REPO)}")
        print(f"{'round':<6}{'converter':<22}{'wall':>9}{'per doc over pool':>20}  documents per server")
        for round_ in range(1, args.rounds + 1):
            pool, _ = convert(None, sources, scratch / "pool")
            print(f"{round_:<6}{'local pool, 2 workers':<22}{pool:>8.1f}s{'':>20}")
            for count in (1, 2, 3):
                spec = "unoserver://" + ",".join(s.address for s in servers[:count])
                seconds, by = convert(spec, sources, scratch / f"uno-{count}")
                overhead = (seconds - pool) / len(sources) * 1000
                spread = ", ".join(f"{n}" for n in by.values())
                print(f"{round_:<6}{f'unoserver × {count}':<22}{seconds:>8.1f}s{overhead:>17.0f} ms  {spread}")
        return 0
    finally:
        for server in servers:
            server.kill()
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
