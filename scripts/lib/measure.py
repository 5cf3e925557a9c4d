#!/usr/bin/env python3
"""Runs a command N times and prints "median_wall_seconds median_cpu_seconds max_rss_mb".

Wall time is a monotonic clock around spawn and wait (microsecond resolution); CPU time (user + sys) and peak
resident memory come from wait4's rusage of the child, at microsecond resolution (GNU time rounds to 10 ms).
The peak is never below this script's own resident size (~13 MB: Linux carries the spawning process's
high-water mark across exec), which is far below what the benchmarked programs use. Output and errors of the
command are discarded; its exit status is ignored.
With --pair, two commands are timed in turns (M rounds: a share of A's N runs, then one run of B), so that a
burst of load on the machine falls on both sides of a comparison, not on one; prints one line per command.
Usage: measure.py N COMMAND [ARG...]
       measure.py --pair N M COMMAND_A... -- COMMAND_B...
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


def summary(samples):
    walls, cpus, rss = zip(*samples)
    return f"{statistics.median(walls):.4f} {statistics.median(cpus):.4f} {max(rss) // 1024}"


def pair(args):
    runs, rounds = int(args[0]), int(args[1])
    rest = args[2:]
    if "--" not in rest or runs < 1 or rounds < 1:
        print(__doc__.strip().splitlines()[-1], file=sys.stderr)
        return 2
    split = rest.index("--")
    first, second = rest[:split], rest[split + 1:]
    samples_a, samples_b = [], []
    for round_index in range(rounds):
        # A's runs spread evenly over the rounds (the remainder in the first ones).
        share = runs // rounds + (1 if round_index < runs % rounds else 0)
        for _ in range(share):
            samples_a.append(run_once(first))
        samples_b.append(run_once(second))
    print(summary(samples_a))
    print(summary(samples_b))
    return 0


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--pair":
        return pair(sys.argv[2:])
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
