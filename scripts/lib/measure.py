#!/usr/bin/env python3
"""Runs a command N times and prints "median_wall_seconds median_cpu_seconds max_rss_mb".

Wall time is a monotonic clock around spawn and wait (microsecond resolution); CPU time (user + sys) and peak
resident memory come from wait4's rusage of the child, at microsecond resolution (GNU time rounds to 10 ms).
The peak is never below this script's own resident size (~13 MB: Linux carries the spawning process's
high-water mark across exec), which is far below what the benchmarked programs use. Output and errors of the
command are discarded; its exit status is ignored.
Usage: measure.py N COMMAND [ARG...]
"""
import os
import statistics
import sys
import time


def run_once(argv):
    devnull = os.open(os.devnull, os.O_RDWR)
    try:
        actions = [(os.POSIX_SPAWN_DUP2, devnull, 0), (os.POSIX_SPAWN_DUP2, devnull, 1),
                   (os.POSIX_SPAWN_DUP2, devnull, 2)]
        start = time.perf_counter()
        pid = os.posix_spawnp(argv[0], argv, os.environ, file_actions=actions)
        _, _, usage = os.wait4(pid, 0)
        wall = time.perf_counter() - start
    finally:
        os.close(devnull)
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def main():
    if len(sys.argv) < 3:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    runs = int(sys.argv[1])
    walls, cpus, peak_kb = [], [], 0
    for _ in range(runs):
        wall, cpu, rss_kb = run_once(sys.argv[2:])
        walls.append(wall)
        cpus.append(cpu)
        peak_kb = max(peak_kb, rss_kb)
    print(f"{statistics.median(walls):.4f} {statistics.median(cpus):.4f} {peak_kb // 1024}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
