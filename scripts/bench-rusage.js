/**
 * Peak-memory probe for `npm run bench` (scripts/bench.js). The benchmark preloads this file into
 * every Node process it starts, and every Node process those start, through
 * `NODE_OPTIONS=--require scripts/bench-rusage.js`. When the process exits, it appends one JSON line
 * to the file named by BENCH_RUSAGE_FILE with its own peak resident set size: `ru_maxrss` of
 * getrusage(RUSAGE_SELF), read through `process.resourceUsage().maxRSS` (KiB on Linux). That value
 * is the kernel's high-water mark for the whole process (every thread), so it needs no polling and
 * misses no short peak. The process's start and end times go with it, so that the benchmark can
 * tell which processes were alive at the same time. Without BENCH_RUSAGE_FILE it does nothing.
 */
"use strict";

const file = process.env.BENCH_RUSAGE_FILE;
const { isMainThread } = require("worker_threads");

if (file && isMainThread) {
  process.on("exit", () => {
    try {
      const record = {
        pid: process.pid,
        ppid: process.ppid,
        maxRssKb: process.resourceUsage().maxRSS,
        startMs: Date.now() - process.uptime() * 1000,
        endMs: Date.now(),
        script: process.argv[1] ?? "",
        args: process.argv.slice(2, 4),
      };
      require("fs").appendFileSync(file, `${JSON.stringify(record)}\n`);
    } catch {
      // A probe must never change how the measured process ends.
    }
  });
}
