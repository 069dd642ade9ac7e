#!/usr/bin/env python3
"""Times one command as a process: `clock.py COMMAND ARG…` runs it, its output discarded, and prints
its wall time and CPU time (user + system, its own and its children's), in seconds, and its exit
status: `0.0887 0.1694 0`.

The clock starts when the command is about to be started and stops when it has exited: what is
timed is the process — its start by the kernel (`execve` copying its arguments included), its
work, its exit — and not the shell that called this script. A shell expanding a list of ten thousand
paths into a command's arguments spends some 11 ms on it (bash 5.2, this machine), and bash's own
`time` counted that in (issue 23): here the list is expanded before this script starts.
"""

import resource
import subprocess
import sys
import time

if len(sys.argv) < 2:
    sys.exit("usage: clock.py COMMAND [ARG…]")
before = resource.getrusage(resource.RUSAGE_CHILDREN)
start = time.perf_counter()
status = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=False).returncode
wall = time.perf_counter() - start
after = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
print(f"{wall:.4f} {cpu:.4f} {status}")
