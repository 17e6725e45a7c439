#!/usr/bin/env python3
"""Strips everything that belongs to unavailable providers from a synthesized stack (cdk.tf.json).

scripts/validate.sh runs `init` + `validate` with real providers from the toolchain mirror. Some
providers cannot be had on every machine (the toolchain manifest records them as unavailable, with
the reason). Rather than not validating such a stack at all, validate.sh validates a copy of it
where those providers' parts are gone, and reports the result as partial. This script makes that
copy:

  - `resource.<type>.<name>` / `data.<type>.<name>` blocks owned by an unavailable provider are
    removed. The owner is Terraform's rule: the local name in the `provider` meta-argument when
    there is one, otherwise the resource type up to its first `_` (`mongodbatlas_project` ->
    `mongodbatlas`); local names are the keys of `terraform.required_providers`;
  - their `provider.<name>` configurations and `terraform.required_providers.<name>` entries;
  - every reference to a removed object inside a `${...}` interpolation (or `%{...}` directive),
    at any depth, including templates in string literals nested inside an expression, becomes a
    reference to an input variable that stands in for it (`mongodbatlas_x.y.attr[0]` ->
    `var.unchecked_mongodbatlas_x_y.attr[0]`), declared with `"type": "any"` and no default, so
    the remaining expression is still parsed and type-checked and unknown values flow as they would
    at validate time anyway;
  - `depends_on` and `lifecycle.replace_triggered_by` entries naming a removed object are dropped
    (those only accept object addresses, not variables), as are `moved` / `import` / `removed`
    blocks addressing one.

Outputs are kept: their values are rewritten like any other expression, so an output that only
exposed a removed object now exposes its stand-in variable (still valid, still checked for syntax).

What the engine can then NOT check, and the report says so: the removed blocks' own arguments, the
attribute names used on them (`.endpoint_service_name` could be misspelt) and their types.

Usage:
  strip-unavailable.py IN.json OUT.json --unavailable NS/TYPE=WHY [--unavailable ...]
      Writes the stripped copy to OUT.json and prints the report: one summary line (what was not
      checked and why), then detail lines indented by 8 spaces.
  strip-unavailable.py --self-test
      Strips an inline fixture and asserts the result; exit status 0 when every check passes.
"""
import argparse
import copy
import json
import re
import sys

# A reference to a managed resource or data source, with the traversal after it (kept verbatim
# behind the stand-in variable): (data.)<type>.<name>(.attr | [0] | ["key"] | [*] | .*)*
REFERENCE = re.compile(
    r'(?P<addr>(?P<data>data\.)?(?P<type>[A-Za-z_][\w-]*)\.(?P<name>[A-Za-z_][\w-]*))'
    r'(?P<rest>(?:\.[A-Za-z_][\w-]*|\.\*|\[\d+\]|\[\*\]|\["[^"\\$%]*"\])*)'
)
# Characters that continue an identifier or traversal: a reference only starts after none of them
# (so `var.mongodbatlas_x.y` and `module.m.helm_x.y` are not taken for `mongodbatlas_x.y`).
# (`1-mongodbatlas_x.y.n`, a subtraction written without spaces, is missed: the engine then
# reports the undeclared resource, a FAIL, never a false pass.)
IDENT_OR_TRAVERSAL = re.compile(r'[\w.:-]')
VARIABLE_PREFIX = "unchecked_"


def normalize_source(source):
    """`aws` -> `hashicorp/aws`; `registry.terraform.io/mongodb/mongodbatlas` -> `mongodb/mongodbatlas`."""
    parts = source.lower().split("/")
    if len(parts) == 1:
        parts = ["hashicorp"] + parts
    return "/".join(parts[-2:])


def variable_name(addr):
    """`mongodbatlas_x.y` -> `unchecked_mongodbatlas_x_y`; `data.helm_t.n` -> `unchecked_data_helm_t_n`."""
    return VARIABLE_PREFIX + addr.replace(".", "_")


class Rewriter:
    """Rewrites references to removed objects inside Terraform JSON-syntax string templates.

    A JSON string is a template: literal text with `${ expr }` interpolations and `%{ directive }`
    blocks (`$${` and `%%{` are escapes for the literal text). Inside an expression, a quoted string
    is again a template and may nest further interpolations, so this is a small recursive scanner
    rather than one regex over the whole string: the reference regex is only tried at expression
    positions, never in literal text or inside string literals' literal parts.
    """

    def __init__(self, removed):
        self.removed = removed  # address -> stand-in variable name
        self.used = {}  # address -> number of references rewritten

    def template(self, s):
        if "${" not in s and "%{" not in s:
            return s
        out = []
        i = self._template(s, 0, out, quoted=False)
        assert i == len(s)
        return "".join(out)

    def _template(self, s, i, out, quoted):
        """Copies template text from s[i]; returns the index after the closing quote (quoted) or len(s)."""
        while i < len(s):
            c = s[i]
            if quoted and c == "\\":
                out.append(s[i:i + 2])
                i += 2
            elif quoted and c == '"':
                out.append(c)
                return i + 1
            elif s.startswith("$${", i) or s.startswith("%%{", i):
                out.append(s[i:i + 3])
                i += 3
            elif s.startswith("${", i) or s.startswith("%{", i):
                out.append(s[i:i + 2])
                i = self._expression(s, i + 2, out)
            else:
                out.append(c)
                i += 1
        if quoted:
            raise ValueError("unterminated string literal in " + repr(s))
        return i

    def _expression(self, s, i, out):
        """Copies an expression from s[i] up to its closing `}`; returns the index after it."""
        depth = 0  # braces opened inside the expression (object constructors, for expressions)
        while i < len(s):
            c = s[i]
            if c == '"':
                out.append(c)
                i = self._template(s, i + 1, out, quoted=True)
                continue
            if c == "{":
                depth += 1
            elif c == "}":
                if depth == 0:
                    out.append(c)
                    return i + 1
                depth -= 1
            elif i == 0 or not IDENT_OR_TRAVERSAL.match(s[i - 1]):
                m = REFERENCE.match(s, i)
                if m and m.group("addr") in self.removed:
                    addr = m.group("addr")
                    out.append("var." + self.removed[addr] + m.group("rest"))
                    self.used[addr] = self.used.get(addr, 0) + 1
                    i = m.end()
                    continue
            out.append(c)
            i += 1
        raise ValueError("unterminated ${ or %{ in " + repr(s))

    def address_of(self, entry):
        """The removed object a bare address / `${address}` entry names, or None."""
        if not isinstance(entry, str):
            return None
        text = entry.strip()
        if text.startswith("${") and text.endswith("}"):
            text = text[2:-1].strip()
        m = REFERENCE.fullmatch(text)
        return m.group("addr") if m and m.group("addr") in self.removed else None


def owner_local_name(type_name, body):
    """The provider local name a resource / data block belongs to (Terraform's rule)."""
    bodies = body if isinstance(body, list) else [body]
    for b in bodies:
        provider = b.get("provider") if isinstance(b, dict) else None
        if isinstance(provider, str) and provider:
            return provider.strip().removeprefix("${").removesuffix("}").split(".")[0]
    return type_name.split("_")[0]


def strip(config, unavailable):
    """Returns (stripped copy, report dict). unavailable: normalized source -> why."""
    config = copy.deepcopy(config)
    tf = config.get("terraform", {})
    required = tf.get("required_providers", {})
    # local name -> why, for the providers this stack needs that are unavailable
    gone = {}
    for local, spec in required.items():
        source = spec.get("source", local) if isinstance(spec, dict) else local
        if normalize_source(source) in unavailable:
            gone[local] = unavailable[normalize_source(source)]

    removed = {}  # address -> stand-in variable name
    removed_by_provider = {local: {"resource": [], "data": []} for local in gone}
    for mode in ("resource", "data"):
        blocks = config.get(mode, {})
        for type_name in list(blocks):
            for name in list(blocks[type_name]):
                local = owner_local_name(type_name, blocks[type_name][name])
                if local in gone:
                    addr = ("data." if mode == "data" else "") + type_name + "." + name
                    removed[addr] = variable_name(addr)
                    removed_by_provider[local][mode].append(addr)
                    del blocks[type_name][name]
            if not blocks[type_name]:
                del blocks[type_name]
        if mode in config and not config[mode]:
            del config[mode]
    for local in gone:
        config.get("provider", {}).pop(local, None)
        required.pop(local, None)
    if "provider" in config and not config["provider"]:
        del config["provider"]

    rw = Rewriter(removed)
    dropped = []  # addresses dropped from depends_on / replace_triggered_by / moved / import

    # moved / import / removed blocks only name addresses; one naming a removed object goes.
    for kind in ("moved", "import", "removed"):
        if kind not in config:
            continue
        entries = config[kind] if isinstance(config[kind], list) else [config[kind]]
        kept = []
        for e in entries:
            hit = [rw.address_of(e.get(k)) for k in ("from", "to") if rw.address_of(e.get(k))]
            dropped.extend(f"{kind} {a}" for a in hit)
            if not hit:
                kept.append(e)
        if kept:
            config[kind] = kept
        else:
            del config[kind]

    def walk(node):
        if isinstance(node, dict):
            result = {}
            for k, v in node.items():
                if k == "//":  # cdktf metadata: a JSON-syntax comment, not configuration
                    result[k] = v
                    continue
                if k in ("depends_on", "replace_triggered_by") and isinstance(v, list):
                    # These take object addresses only (no variables): drop the removed ones.
                    kept = [e for e in v if not rw.address_of(e)]
                    dropped.extend(f"{k} {rw.address_of(e)}" for e in v if rw.address_of(e))
                    if kept or not v:
                        result[k] = [walk(e) for e in kept]
                    continue  # a list emptied by the drop goes away with its key
                result[text(k)] = walk(v)  # keys of object values can be templates too
            return result
        if isinstance(node, list):
            return [walk(e) for e in node]
        return text(node) if isinstance(node, str) else node

    def text(s):
        try:
            return rw.template(s)
        except ValueError:
            # Malformed template: left as it is for the engine to report, as it would anyway.
            return s

    config = walk(config)

    variables = config.setdefault("variable", {})
    for addr, var in sorted(removed.items()):
        if not rw.used.get(addr):
            continue  # nothing refers to it: no stand-in needed
        if var in variables:
            raise SystemExit(f"strip-unavailable: the stack already declares variable {var}")
        variables[var] = {
            "type": "any",
            "description": f"Stand-in for {addr}, removed by scripts/strip-unavailable.py "
                           "(its provider is unavailable); its attributes are not checked",
        }
    if not variables:
        del config["variable"]

    report = {
        # what the engine still sees: the measure of how much the partial check covers
        "left": {mode: sum(len(v) for v in config.get(mode, {}).values()) for mode in ("resource", "data")},
        "providers": {
            local: {"why": gone[local], **removed_by_provider[local]} for local in sorted(gone)
        },
        "references_rewritten": sum(rw.used.values()),
        "stand_ins": sorted(removed[a] for a in rw.used),
        "dropped": dropped,
    }
    return config, report


def plural(n, word):
    return f"{n} {word}" + ("" if n == 1 else "s")


def describe(report):
    """The report as text: one summary line, then detail lines indented by 8 spaces."""
    parts, unchecked = [], []
    for local, p in report["providers"].items():
        what = []
        if p["resource"]:
            what.append(plural(len(p["resource"]), f"{local} resource"))
        if p["data"]:
            what.append(plural(len(p["data"]), f"{local} data source"))
        things = " + ".join(what) if what else f"{local} provider configuration"
        parts.append(f"{things} not checked: {p['why']}")
        unchecked.extend(p["resource"] + p["data"])
    lines = ["; ".join(parts)]
    if unchecked:
        shown = ", ".join(unchecked[:8]) + (f", +{len(unchecked) - 8} more" if len(unchecked) > 8 else "")
        lines.append(f"        unchecked: {shown}")
    lines.append(
        f"        checked: the other {plural(report['left']['resource'], 'resource')} + "
        f"{plural(report['left']['data'], 'data source')}; "
        f"{plural(report['references_rewritten'], 'reference')} to unchecked ones rewritten to "
        f"{plural(len(report['stand_ins']), 'var.unchecked_* stand-in')}"
        + (f"; dropped: {', '.join(report['dropped'])}" if report["dropped"] else "")
    )
    return "\n".join(lines)


def self_test():
    """Strips an inline fixture and checks every rule; prints one line, exits 1 on a failure."""
    fixture = {
        "//": {"metadata": {"path": "data-dev"}},
        "terraform": {
            "required_providers": {
                "aws": {"source": "aws", "version": "5.100.0"},
                "mongodbatlas": {"source": "mongodb/mongodbatlas", "version": "1.41.1"},
                "helm": {"source": "helm", "version": "3.1.1"},
            },
            "backend": {"s3": {"bucket": "b", "key": "k", "region": "ap-southeast-2"}},
        },
        "provider": {
            "aws": [{"region": "ap-southeast-2"}],
            "mongodbatlas": [{}],
            "helm": [{"kubernetes": {"host": "${data.aws_eks_cluster.Eks.endpoint}"}}],
        },
        "data": {
            "aws_eks_cluster": {"Eks": {"name": "c"}},
            "helm_template": {"Chart": {"name": "x", "chart": "y"}},
        },
        "resource": {
            "mongodbatlas_privatelink_endpoint": {"Atlas_Endpoint_1234": {"project_id": "p"}},
            "mongodbatlas_advanced_cluster": {"Cluster": {"name": "c"}},
            "helm_release": {"Release": {"name": "r", "chart": "c"}},
            "aws_vpc_endpoint": {
                "Endpoint": {
                    "service_name": "${mongodbatlas_privatelink_endpoint.Atlas_Endpoint_1234.endpoint_service_name}",
                    "vpc_id": "vpc-1",
                    "tags": {
                        "Srv": "${mongodbatlas_advanced_cluster.Cluster.connection_strings[0].private_endpoint[0].srv_connection_string}",
                        "Nested": "${join(\",\", [\"${mongodbatlas_advanced_cluster.Cluster.name}-x\", var.mongodbatlas_advanced_cluster.Cluster])}",
                        "Escaped": "$${mongodbatlas_advanced_cluster.Cluster.name}",
                        "Key": "${mongodbatlas_advanced_cluster.Cluster.labels[\"env\"]}",
                        "Literal": "mongodbatlas_advanced_cluster.Cluster.name",
                        "Directive": "%{ if helm_release.Release.status == \"deployed\" }up%{ endif }",
                    },
                    "depends_on": [
                        "mongodbatlas_advanced_cluster.Cluster",
                        "${data.helm_template.Chart}",
                        "data.aws_eks_cluster.Eks",
                    ],
                    "lifecycle": {"replace_triggered_by": ["mongodbatlas_advanced_cluster.Cluster"]},
                }
            },
        },
        "output": {
            "release": {"value": "${helm_release.Release.metadata.revision}"},
            "manifest": {"value": "${data.helm_template.Chart.manifest}", "depends_on": ["helm_release.Release"]},
        },
        "moved": [{"from": "helm_release.Old", "to": "helm_release.Release"}],
    }
    out, report = strip(fixture, {"mongodb/mongodbatlas": "mongodbatlas is unavailable", "hashicorp/helm": "helm is unavailable"})
    endpoint = out["resource"]["aws_vpc_endpoint"]["Endpoint"]
    tags = endpoint["tags"]
    # Everything but the two tags that must keep the text verbatim (checked on their own below).
    rest = copy.deepcopy(out)
    rest.pop("variable", None)  # their descriptions name the removed objects
    for verbatim in ("Escaped", "Literal"):
        del rest["resource"]["aws_vpc_endpoint"]["Endpoint"]["tags"][verbatim]
    text = json.dumps(rest)
    checks = {
        "only aws resources left": set(out["resource"]) == {"aws_vpc_endpoint"},
        "helm data source removed, aws kept": set(out["data"]) == {"aws_eks_cluster"},
        "provider blocks removed": set(out["provider"]) == {"aws"},
        "required_providers trimmed": set(out["terraform"]["required_providers"]) == {"aws"},
        "backend untouched": out["terraform"]["backend"] == fixture["terraform"]["backend"],
        "attribute reference": endpoint["service_name"]
        == "${var.unchecked_mongodbatlas_privatelink_endpoint_Atlas_Endpoint_1234.endpoint_service_name}",
        "index traversal kept": tags["Srv"]
        == "${var.unchecked_mongodbatlas_advanced_cluster_Cluster.connection_strings[0].private_endpoint[0].srv_connection_string}",
        "template nested in a string literal; var.* left alone": tags["Nested"]
        == "${join(\",\", [\"${var.unchecked_mongodbatlas_advanced_cluster_Cluster.name}-x\", var.mongodbatlas_advanced_cluster.Cluster])}",
        "escaped $${ left alone": tags["Escaped"] == "$${mongodbatlas_advanced_cluster.Cluster.name}",
        "string-key index": tags["Key"] == "${var.unchecked_mongodbatlas_advanced_cluster_Cluster.labels[\"env\"]}",
        "plain text left alone": tags["Literal"] == "mongodbatlas_advanced_cluster.Cluster.name",
        "directive rewritten": tags["Directive"] == "%{ if var.unchecked_helm_release_Release.status == \"deployed\" }up%{ endif }",
        "depends_on keeps only aws": endpoint["depends_on"] == ["data.aws_eks_cluster.Eks"],
        "emptied replace_triggered_by removed": "replace_triggered_by" not in endpoint["lifecycle"],
        "output rewritten": out["output"]["release"]["value"] == "${var.unchecked_helm_release_Release.metadata.revision}",
        "data reference": out["output"]["manifest"]["value"] == "${var.unchecked_data_helm_template_Chart.manifest}",
        "emptied output depends_on removed": "depends_on" not in out["output"]["manifest"],
        "moved block to a removed resource dropped": "moved" not in out,
        "stand-ins declared": set(out["variable"]) == {
            "unchecked_mongodbatlas_privatelink_endpoint_Atlas_Endpoint_1234",
            "unchecked_mongodbatlas_advanced_cluster_Cluster",
            "unchecked_helm_release_Release",
            "unchecked_data_helm_template_Chart",
        },
        "stand-ins typed any, no default": all(v["type"] == "any" and "default" not in v for v in out["variable"].values()),
        "no reference to a removed object left": not re.search(r"(?<![\w.])(?:mongodbatlas|helm)_\w+\.\w+", text),
        "remaining counted": report["left"] == {"resource": 1, "data": 1},
        "report counts": [len(report["providers"]["mongodbatlas"]["resource"]), len(report["providers"]["helm"]["resource"]), len(report["providers"]["helm"]["data"])] == [2, 1, 1],
        "input not modified": "mongodbatlas" in fixture["provider"],
    }
    failed = [name for name, ok in checks.items() if not ok]
    for name in failed:
        print(f"strip-unavailable self-test FAILED: {name}", file=sys.stderr)
    if failed:
        print(json.dumps(out, indent=1), file=sys.stderr)
        return 1
    print(f"strip-unavailable self-test: {len(checks)} checks passed")
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("input", nargs="?")
    ap.add_argument("output", nargs="?")
    ap.add_argument("--unavailable", action="append", default=[], metavar="NS/TYPE=WHY",
                    help="a provider source to strip, and why (repeatable)")
    ap.add_argument("--self-test", action="store_true")
    args = ap.parse_args()
    if args.self_test:
        return self_test()
    if not args.input or not args.output or not args.unavailable:
        ap.error("IN.json OUT.json and at least one --unavailable are required")
    unavailable = {}
    for spec in args.unavailable:
        source, _, why = spec.partition("=")
        unavailable[normalize_source(source)] = why or f"provider {source} unavailable"
    with open(args.input) as f:
        config = json.load(f)
    stripped, report = strip(config, unavailable)
    with open(args.output, "w") as f:
        json.dump(stripped, f, indent=2)
        f.write("\n")
    print(describe(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
