/**
 * The machine a benchmark ran on, for the header of docs/benchmarks.md: CPU, cores, memory,
 * cgroup limits, kernel, Node and npm, the versions of the tools measured, the commit and the load.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { fmtMb } from "./report";

/** The packages whose versions the header names. */
const MEASURED_PACKAGES = ["typescript", "cdktf", "cdktf-cli", "ts-node", "@cdktf/provider-aws", "jest", "@swc/jest", "@swc/core", "esbuild"];

export interface Machine {
  readonly date: string;
  readonly nproc: string;
  readonly memory: string;
  /** cgroup memory and CPU limits, "" when there are none. */
  readonly limits: string;
  readonly cpu: string;
  readonly kernel: string;
  readonly node: string;
  readonly npm: string;
  readonly commit: string;
  readonly versions: string;
  /** The load average now, as `1min 5min 15min`. */
  readonly load: () => string;
}

export function readText(file: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return "";
  }
}

/** A command's trimmed standard output, or "" when it fails. */
export function tryExec(root: string, file: string, args: readonly string[]): string {
  try {
    return execFileSync(file, args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
  } catch {
    return "";
  }
}

function packageVersion(root: string, name: string): string {
  try {
    return (JSON.parse(readText(path.join(root, "node_modules", name, "package.json"))) as { version?: string }).version ?? "?";
  } catch {
    return "not installed";
  }
}

export function machine(root: string): Machine {
  const cpuinfo = readText("/proc/cpuinfo");
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? "unknown";
  const memKb = Number(/^MemTotal:\s*(\d+)/m.exec(readText("/proc/meminfo"))?.[1] ?? os.totalmem() / 1024);
  const cgroupMem = readText("/sys/fs/cgroup/memory.max").trim();
  const cgroupCpu = readText("/sys/fs/cgroup/cpu.max").trim().split(/\s+/);
  const limits: string[] = [];
  if (cgroupMem && cgroupMem !== "max") {
    limits.push(`memory ${fmtMb(Number(cgroupMem) / 1024)} MB`);
  }
  if (cgroupCpu.length === 2 && cgroupCpu[0] !== "max") {
    limits.push(`CPU ${(Number(cgroupCpu[0]) / Number(cgroupCpu[1])).toFixed(1)} cores`);
  }
  const head = tryExec(root, "git", ["--no-optional-locks", "rev-parse", "--short", "HEAD"]);
  const dirty = head ? tryExec(root, "git", ["--no-optional-locks", "status", "--porcelain", "--untracked-files=no"]) : "";
  return {
    date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
    nproc: tryExec(root, "nproc", []) || String(os.availableParallelism?.() ?? os.cpus().length),
    memory: `${(memKb / 1024 / 1024).toFixed(1)} GiB`,
    limits: limits.join(", "),
    cpu: model,
    kernel: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    npm: tryExec(root, "npm", ["--version"]) || "?",
    commit: head ? `${head}${dirty ? " with uncommitted changes" : ""}` : "not a git checkout",
    versions: MEASURED_PACKAGES.map((p) => `${p} ${packageVersion(root, p)}`).join(", "),
    load: () =>
      os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(" "),
  };
}
