/**
 * Peak-memory probe for `npm run bench` (tools/bench/index.ts). The benchmark preloads the compiled
 * file into every Node process it starts, and every Node process those start, through
 * `NODE_OPTIONS=--require <probe>`. When the process exits, it appends one JSON line to the file
 * named by BENCH_RUSAGE_FILE with its own peak resident set size: `ru_maxrss` of
 * getrusage(RUSAGE_SELF), read through `process.resourceUsage().maxRSS` (KiB on Linux). That value
 * is the kernel's high-water mark for the whole process (every thread), so it needs no polling and
 * misses no short peak. The process's start and end times go with it, so that the benchmark can
 * tell which processes were alive at the same time. Without BENCH_RUSAGE_FILE it does nothing.
 *
 * It is preloaded into processes that are not ours (npm, tsc, jest), so it imports only Node's
 * built-in modules and never throws.
 */
import { appendFileSync } from "fs";
import { isMainThread } from "worker_threads";

/** One line of the probe's file: what a process reports about itself at exit. */
export interface ProbeRecord {
  readonly pid: number;
  readonly ppid: number;
  /** ru_maxrss in KiB. */
  readonly maxRssKb: number;
  /** Wall-clock start and end of the process, ms since the epoch. */
  readonly startMs: number;
  readonly endMs: number;
  /** The script Node ran (`process.argv[1]`), to name the process. */
  readonly script: string;
  readonly args: readonly string[];
}

/** The environment variable that names the file the probe appends to. */
export const RUSAGE_FILE_VARIABLE = "BENCH_RUSAGE_FILE";

const file = process.env[RUSAGE_FILE_VARIABLE];

if (file && isMainThread) {
  process.on("exit", () => {
    try {
      const record: ProbeRecord = {
        pid: process.pid,
        ppid: process.ppid,
        maxRssKb: process.resourceUsage().maxRSS,
        startMs: Date.now() - process.uptime() * 1000,
        endMs: Date.now(),
        script: process.argv[1] ?? "",
        args: process.argv.slice(2, 4),
      };
      appendFileSync(file, `${JSON.stringify(record)}\n`);
    } catch {
      // A probe must never change how the measured process ends.
    }
  });
}
