"""Times pydifact on a PAXLST file, to compare with `examples/bench_file.rs` on the same bytes.

pydifact cannot read interchanges with functional groups (UNG/UNE): generate the file without them.

    python3 -m venv /tmp/pyd && /tmp/pyd/bin/pip install pydifact
    cargo run --release -p paxlst --example synth -- /tmp/nogroups.edi 20 500 --no-groups
    /tmp/pyd/bin/python crates/paxlst/benches/pydifact_compare.py /tmp/nogroups.edi
    cargo run --release -p paxlst --example bench_file -- /tmp/nogroups.edi
"""

import sys
import time

from pydifact.segmentcollection import Interchange


def main() -> None:
    path = sys.argv[1]
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    with open(path, encoding="utf-8") as f:
        text = f.read()
    mb = len(text.encode("utf-8")) / 1e6
    best = float("inf")
    best_cpu = float("inf")
    segments = 0
    for _ in range(runs):
        # Free the previous run's result before the clock starts (bench_file does not time drops).
        interchange = None
        start = time.perf_counter()
        start_cpu = time.thread_time()
        interchange = Interchange.from_str(text)
        # Materialise every message and segment, as the Rust readers do.
        segments = sum(len(list(m.segments)) for m in interchange.get_messages())
        best_cpu = min(best_cpu, time.thread_time() - start_cpu)
        best = min(best, time.perf_counter() - start)
    print(f"{path}: {mb:.2f} MB, {segments} segments in messages")
    # Wall-clock, then the CPU time of the thread (as bench_file reports it).
    print(f"pydifact {best * 1e3:9.1f} ms {mb / best:9.2f} MB/s   cpu {best_cpu * 1e3:9.1f} ms {mb / best_cpu:9.2f} MB/s")


if __name__ == "__main__":
    main()
