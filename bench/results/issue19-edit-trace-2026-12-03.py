# Reads a trace written by the server with issue19-edit-trace-2026-12-03.patch applied
# (`git apply`, then run the bench with TRACE_EDITS=/tmp/trace: one file per server process).
# Lines: "E enqueued batchStart appendStart appendEnd relayed batchSize" per batch of a room,
# "F flushStart socketsUncorked took" per flush (ms, the server's performance.now()).
# Prints, over the whole file: per batch the wait before it started (queue), store.append (append),
# the relay, the wait from relayed to the end of the flush that carried it, and the total from
# enqueued to that end; then the appends of 10 ms or more with how much of each a flush overlapped.
# A throwaway probe (issue 19, 2026-12-03), kept so that the figures in bench/README.md can be remade.
import bisect
import sys

edits, flushes = [], []
for line in open(sys.argv[1]):
    fields = line.split()
    if fields[0] == "E":
        edits.append([float(x) for x in fields[1:]])
    elif fields[0] == "F":
        flushes.append((float(fields[1]), int(fields[2]), float(fields[3])))
flushes.sort()
flush_starts = [f[0] for f in flushes]
edits.sort()


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")


def carrying_flush(edit):
    i = bisect.bisect_left(flush_starts, edit[4] - 0.001)
    return flushes[i] if i < len(flushes) else None


queue = [e[1] - e[0] for e in edits]
append = [e[3] - e[2] for e in edits]
relay = [e[4] - e[3] for e in edits]
wait, total = [], []
for e in edits:
    f = carrying_flush(e)
    if f:
        wait.append(f[0] + f[2] - e[4])
        total.append(f[0] + f[2] - e[0])
took = [f[2] for f in flushes]
print("batches | queue p50/p99/max | append p50/p99/max | relay p99 | flushwait p50/p99/max | total p50/p99/max | flushtook p99/max")
print(
    f"{len(edits)} | {pct(queue, .5):.1f}/{pct(queue, .99):.1f}/{max(queue):.1f} | {pct(append, .5):.2f}/{pct(append, .99):.1f}/{max(append):.1f}"
    f" | {pct(relay, .99):.2f} | {pct(wait, .5):.1f}/{pct(wait, .99):.1f}/{max(wait):.1f} | {pct(total, .5):.1f}/{pct(total, .99):.1f}/{max(total):.1f}"
    f" | {pct(took, .99):.1f}/{max(took):.1f}"
)
slow = []
for e in edits:
    if e[3] - e[2] < 10:
        continue
    i = bisect.bisect_left(flush_starts, e[2] - 50)
    busy = 0.0
    while i < len(flushes) and flushes[i][0] < e[3]:
        start, end = flushes[i][0], flushes[i][0] + flushes[i][2]
        busy += max(0.0, min(end, e[3]) - max(start, e[2]))
        i += 1
    slow.append((e[3] - e[2], busy))
slow.sort(reverse=True)
print(f"{len(slow)} appends of 10 ms or more, {sum(1 for s in slow if s[1] > 10)} with more than 10 ms of a flush inside; the 30 slowest:")
for duration, busy in slow[:30]:
    print(f"append {duration:5.1f} flushbusy {busy:5.1f}")
