#!/usr/bin/env python3
"""Where a command left a CPU idle (BENCHMARKS.md, issue 23).

Runs COMMAND once under `perf record -a -e sched:sched_switch` (every CPU's context switches) and
prints, between the command's first switch and its last, each CPU's time running the command, idle,
and running anything else — then each idle stretch longer than 50 µs, as CPU@START+LENGTH in ms from
the command's start. A command that kept both cores busy shows idle time only at its start and end.

Usage: python3 benches/idle.py COMMAND [ARG…]   (needs `perf` and the right to trace: root)
"""
import os
import re
import subprocess
import sys
import tempfile

SWITCH = re.compile(
    r"\[(\d+)\]\s+([\d.]+): sched:sched_switch: prev_comm=(.*?) prev_pid=\d+ .*"
    r"prev_state=\S+ ==> next_comm=(.*?) next_pid=\d+"
)


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    command = sys.argv[1:]
    name = os.path.basename(command[0])[:15]  # the kernel's name of the process: 15 bytes at most
    with tempfile.TemporaryDirectory() as tmp:
        data = os.path.join(tmp, "perf.data")
        record = ["perf", "record", "-q", "-a", "-e", "sched:sched_switch", "-o", data, "--", *command]
        if subprocess.run(record, stdout=subprocess.DEVNULL).returncode not in (0, 1):
            print(f"{command[0]} did not run under perf", file=sys.stderr)
            return 2
        script = ["perf", "script", "-i", data, "-F", "cpu,time,event,trace"]
        text = subprocess.run(script, capture_output=True, text=True, check=True).stdout
    ours = lambda comm: comm == name or comm == "perf-exec"  # noqa: E731
    events = [(int(m[1]), float(m[2]), m[3], m[4]) for m in map(SWITCH.match, text.splitlines()) if m]
    runs_in = [t for _, t, _, nxt in events if ours(nxt)]
    runs_out = [t for _, t, prev, _ in events if prev == name]
    if not runs_in or not runs_out:
        print(f"no switch of {name} traced", file=sys.stderr)
        return 2
    start, end = min(runs_in), max(runs_out)
    spent, stretches, last = {}, [], {}
    for cpu, t, prev, _ in events:
        if cpu in last:
            a, b = max(last[cpu], start), min(t, end)
            if b > a:
                kind = "idle" if prev.startswith("swapper") else ("command" if ours(prev) else "other")
                spent[(cpu, kind)] = spent.get((cpu, kind), 0.0) + (b - a)
                if kind == "idle" and b - a > 50e-6:
                    stretches.append(f"{cpu}@{(a - start) * 1e3:.1f}+{(b - a) * 1e3:.2f}")
        last[cpu] = t
    print(f"{name}: {(end - start) * 1e3:.1f} ms from its first switch to its last")
    for cpu in sorted({c for c, _ in spent}):
        row = ", ".join(f"{k} {spent.get((cpu, k), 0.0) * 1e3:.1f} ms" for k in ("command", "idle", "other"))
        print(f"  CPU {cpu}: {row}")
    print("  idle stretches (CPU@ms+ms):", " ".join(stretches) or "none")
    return 0


if __name__ == "__main__":
    sys.exit(main())
