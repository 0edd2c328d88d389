"""Summarises bench/latency.sh's rows: medians over runs, ratios to the C reference of the same kind measured
in the same run, a table on stdout and the JSON record. Arguments: rows.jsonl out.json stamp load_before
load_after forwarder_cpus probe_cpus idle_strategy payload seconds warmup pin_threads."""
import json
import os
import platform
import statistics
import sys

rows_file, out, stamp, before, after, scpu, pcpu, idle, payload, secs, warmup, pin = sys.argv[1:13]
rows = [json.loads(line) for line in open(rows_file) if line.strip()]

# Ratios within one run: xsfu-afxdp against c-afxdp, xsfu-socket against c-socket, same fan-out and rate.
by_key = {(r["run"], r["forwarder"], r["fanout"], r["rate_pps"]): r for r in rows}
for r in rows:
    base = None
    if r["forwarder"].startswith("xsfu-"):
        base = by_key.get((r["run"], "c-" + r["forwarder"][5:], r["fanout"], r["rate_pps"]))
    for p in ("p50", "p99"):
        ok = base is not None and base[p + "_us"] and r[p + "_us"] is not None
        r[p + "_ratio_to_c_same_kind"] = round(r[p + "_us"] / base[p + "_us"], 2) if ok else None


def median(values):
    values = [v for v in values if v is not None]
    return round(statistics.median(values), 4) if values else None


metrics = ["idle_pct_before", "send_rate_pps", "loss_pct", "min_us", "p50_us", "p90_us", "p99_us", "p999_us", "max_us", "mean_us",
           "app_p50_us", "app_p99_us", "app_p999_us", "send_lag_p99_us", "resyncs", "forwarder_cpu_share",
           "p50_ratio_to_c_same_kind", "p99_ratio_to_c_same_kind"]
summary = []
seen = []
for r in rows:
    key = (r["forwarder"], r["fanout"], r["rate_pps"])
    if key not in seen:
        seen.append(key)
for forwarder, fanout, rate in seen:
    group = [r for r in rows if (r["forwarder"], r["fanout"], r["rate_pps"]) == (forwarder, fanout, rate)]
    s = {"forwarder": forwarder, "fanout": fanout, "rate_pps": rate, "runs": len(group),
         "lost": sum(r["lost"] for r in group), "expected_copies": sum(r["expected_copies"] for r in group)}
    for m in metrics:
        s[m] = median([r.get(m) for r in group])
    summary.append(s)

cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
doc = {
    "timestamp": stamp, "kernel": platform.release(), "cpus": os.cpu_count(), "cpu": cpu,
    "payload": int(payload), "seconds_per_rate": float(secs), "warmup_seconds": float(warmup),
    "xsfu_idle_strategy": idle,
    "latency": "kernel software receive timestamp (SO_TIMESTAMPNS, taken when the copy enters the client's stack) "
               "minus System.nanoTime() just before the original's sendto; app_* use the probe's own receive time",
    "receiver": "kernel UDP sockets in the client namespace, one per subscriber port, busy-polled (epoll timeout 0 + "
                "recvmmsg) by the sending thread",
    "pinning": {"forwarder_cpus": scpu, "probe_cpus": pcpu,
                "xsfu_threads": pin,
                "how": "xsfu: taskset -p once ready (all: every server thread on the forwarder's CPU; agent: only the "
                       "forwarding agent there, the other server threads on the probe's CPU); C forwarders and the "
                       "probe JVM: taskset -c at launch"},
    "loadavg_before": before, "loadavg_after": after,
    "summary_medians": summary, "runs": rows}
with open(out, "w") as f:
    json.dump(doc, f, indent=1)


def fmt(v, width, digits=1):
    return f"{'-':>{width}}" if v is None else f"{v:>{width}.{digits}f}"


runs = max((r["run"] for r in rows), default=0) + 1
print(f"medians over {runs} run(s); latency in microseconds from kernel receive timestamps")
print(f"{'forwarder':<12} {'fan':>3} {'rate':>7} {'sent/s':>7} {'loss%':>7} {'p50':>7} {'p99':>8} {'p99.9':>8} "
      f"{'max':>8} {'app p99':>8} {'lag p99':>8} {'fwdcpu':>6} {'p50/C':>6} {'p99/C':>6}")
for s in summary:
    print(f"{s['forwarder']:<12} {s['fanout']:>3} {s['rate_pps']:>7} {fmt(s['send_rate_pps'], 7, 0)} "
          f"{fmt(s['loss_pct'], 7, 3)} {fmt(s['p50_us'], 7)} {fmt(s['p99_us'], 8)} {fmt(s['p999_us'], 8)} "
          f"{fmt(s['max_us'], 8)} {fmt(s['app_p99_us'], 8)} {fmt(s['send_lag_p99_us'], 8)} "
          f"{fmt(s['forwarder_cpu_share'], 6, 2)} {fmt(s['p50_ratio_to_c_same_kind'], 6, 2)} "
          f"{fmt(s['p99_ratio_to_c_same_kind'], 6, 2)}")
print(f"load average before/after: {before} / {after}")
print(f"results: {out}")
