"""
The verdict on a checkov JSON report, shared by scripts/policy.sh (the synthesized stacks) and
scripts/modules-policy.sh (the generated modules): a failed check fails unless a reviewed skip
covers it; passed / failed / skipped per unit (a stack or a module); stale skips reported; a
parsing error, or a run that checked nothing, fails.

Usage: checkov_tally.py <report.json> <skips.json> <unit field: stacks|modules> <source dir> <file>
  <source dir>/<unit>/<file> is the Terraform JSON checkov scanned a copy of (cdktf.out/stacks and
  cdk.tf.json, or modules and main.tf.json); it gives checkov's short resource names their
  Terraform addresses. A skip is {"check", "<unit field>", "resources", "reason"}: check id, unit
  glob, address glob, why.
"""
import fnmatch
import json
import sys
from collections import defaultdict


def load_skips(path, unit_field):
    skips = json.load(open(path))["skips"]
    for s in skips:
        for field in ("check", unit_field, "resources", "reason"):
            if not s.get(field):
                sys.exit(f"{path}: an entry lacks '{field}': {s}")
    return skips


def unit_of(check):
    # file_path is "/<unit>/<file>"
    return check["file_path"].strip("/").split("/")[0]


class Addresses:
    """Terraform addresses of checkov's resource names: "<type>.<name>" is one already; checkov
    names some checks' subjects "data.<name>" or "resource.<name>", looked up in the unit's JSON."""

    def __init__(self, source_dir, file):
        self.source_dir, self.file, self.blocks = source_dir, file, {}

    def __call__(self, check):
        name = check["resource"]
        parts = name.split(".")
        if len(parts) != 2 or parts[0] not in ("data", "resource"):
            return name
        unit = unit_of(check)
        if unit not in self.blocks:
            self.blocks[unit] = json.load(open(f"{self.source_dir}/{unit}/{self.file}"))
        kind = parts[0]
        types = [t for t, blocks in self.blocks[unit].get(kind, {}).items() if parts[1] in blocks]
        if len(types) != 1:
            return name
        return f"{'data.' if kind == 'data' else ''}{types[0]}.{parts[1]}"


def main(report_path, skips_path, unit_field, source_dir, file):
    label = unit_field.rstrip("s")
    title = "policy" if unit_field == "stacks" else f"{unit_field} policy"
    report = json.load(open(report_path))
    reports = report if isinstance(report, list) else [report]
    skips = load_skips(skips_path, unit_field)
    parsing = [f for r in reports for f in r.get("results", {}).get("parsing_errors", [])]
    if parsing:
        sys.exit("checkov could not parse (so checked nothing in): " + ", ".join(parsing))
    address = Addresses(source_dir, file)
    counts = defaultdict(lambda: {"passed": 0, "failed": 0, "skipped": 0})
    used = [0] * len(skips)
    unjustified = []
    for r in reports:
        if r.get("check_type") not in (None, "terraform_json"):
            continue
        results = r.get("results", {})
        for c in results.get("passed_checks", []):
            counts[unit_of(c)]["passed"] += 1
        for c in results.get("failed_checks", []):
            unit, addr = unit_of(c), address(c)
            hit = next((i for i, s in enumerate(skips) if s["check"] == c["check_id"] and fnmatch.fnmatch(unit, s[unit_field]) and fnmatch.fnmatch(addr, s["resources"])), None)
            if hit is None:
                counts[unit]["failed"] += 1
                unjustified.append((unit, c["check_id"], addr, c["check_name"], c.get("guideline") or ""))
            else:
                counts[unit]["skipped"] += 1
                used[hit] += 1

    print(f"{label:<24} {'passed':>7} {'failed':>7} {'skipped':>8}")
    for unit in sorted(counts):
        n = counts[unit]
        print(f"{unit:<24} {n['passed']:>7} {n['failed']:>7} {n['skipped']:>8}")
    for unit, check, addr, name, guide in unjustified:
        print(f"FAILED {unit}: {check} {addr}: {name} {guide}".rstrip())
    for i, s in enumerate(skips):
        if used[i] == 0:
            print(f"stale skip (covers nothing now; remove it): {s['check']} {s[unit_field]} {s['resources']}")
    total = {k: sum(n[k] for n in counts.values()) for k in ("passed", "failed", "skipped")}
    print(f"skipped = failed checks covered by a reviewed exception in {skips_path}")
    print(f"{title}: {total['passed']} passed, {total['failed']} failed, {total['skipped']} skipped")
    if total["passed"] == 0:
        sys.exit(f"{title}: checkov ran no check at all")
    return 1 if total["failed"] else 0


if __name__ == "__main__":
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    sys.exit(main(*sys.argv[1:]))
