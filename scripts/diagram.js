#!/usr/bin/env node
/**
 * `npm run diagram`: one architecture diagram per environment, drawn from the synthesized stacks
 * (never from environments/*.ts), so the picture shows what Terraform will actually build.
 *
 *   1. `npm run --silent build`, then `node dist/main.js` with CDKTF_OUTDIR=<temp dir>.
 *   2. Reads <tmp>/manifest.json and every <tmp>/stacks/<stack>/cdk.tf.json, resolves intra-stack
 *      references (`${aws_subnet.X.id}`) and cross-stack ones
 *      (`${data.terraform_remote_state.cross-stack-reference-input-<stack>.outputs.<name>}` through
 *      the producing stack's output) to draw the edges: the subnet each NAT gateway sits in, the NAT
 *      or internet gateway each route table sends 0.0.0.0/0 to, the route tables of the gateway
 *      endpoints, the subnets the Lambda function runs in, what the GitHub Actions roles may touch.
 *   3. Writes docs/diagrams/<env>.mmd (Mermaid `flowchart`) and docs/diagrams/<env>.md (the same
 *      text in a ```mermaid block, which GitHub renders), for every environment including `local`
 *      (the moto test environment of `npm run e2e`).
 *   4. Checks every diagram with a line-by-line grammar check of the subset of Mermaid written here
 *      (always), then, where Chromium is installed (`apt-get install chromium`), parses and renders
 *      it with the pinned `mermaid` package in headless Chromium and writes <env>.svg and <env>.png.
 *      Without Chromium the renders are left alone while their .mmd is unchanged, and removed when
 *      it changed (a stale picture is worse than none).
 *
 * Options:
 *   --synth-dir DIR   read an existing synth output (e.g. cdktf.out) instead of building one
 *   --no-render       skip Chromium (no SVG/PNG, no mermaid parse)
 *   --check           write nothing; exit 1 if docs/diagrams/*.mmd or *.md are not current
 *
 * Stacks that do not exist yet are handled by resource type, so the diagram grows with them:
 * aws_eks_cluster / aws_eks_node_group are drawn in the tier of their subnets (private app),
 * aws_db_instance, aws_rds_cluster and aws_elasticache_replication_group in the tier of their
 * subnet group (data), mongodbatlas_* clusters outside AWS behind their PrivateLink endpoint,
 * aws_sqs_queue and aws_s3_bucket as regional services.
 */
"use strict";

const fs = require("fs");
const os = require("os");
const path = require("path");
const { execFileSync } = require("child_process");

const ROOT = path.resolve(__dirname, "..");
const OUT_DIR = path.join(ROOT, "docs", "diagrams");
const RENDER_EXTENSIONS = [".svg", ".png"];
const REMOTE_STATE_PREFIX = "cross-stack-reference-input-";

// ---------------------------------------------------------------------------------------------
// Reading the synthesized stacks
// ---------------------------------------------------------------------------------------------

/** One synthesized app: the manifest's stacks, their Terraform JSON, and reference resolution. */
class Synth {
  constructor(dir) {
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, "manifest.json"), "utf8"));
    this.stacks = new Map();
    for (const [name, entry] of Object.entries(manifest.stacks)) {
      const doc = JSON.parse(fs.readFileSync(path.join(dir, entry.synthesizedStackPath), "utf8"));
      const aws = ((doc.provider ?? {}).aws ?? [])[0] ?? {};
      this.stacks.set(name, {
        name,
        doc,
        dependencies: entry.dependencies ?? [],
        accountId: (aws.allowed_account_ids ?? [])[0] ?? "unknown",
        region: aws.region ?? "unknown",
      });
    }
  }

  /** Every resource (or data source with `data: true`) of a type, over the given stacks, sorted. */
  all(type, stackNames = [...this.stacks.keys()], { data = false } = {}) {
    const found = [];
    for (const stack of [...stackNames].sort()) {
      const block = ((this.stacks.get(stack)?.doc ?? {})[data ? "data" : "resource"] ?? {})[type] ?? {};
      for (const name of Object.keys(block).sort()) found.push(this.item(stack, type, name, data));
    }
    return found;
  }

  item(stack, type, name, data = false) {
    const body = (((this.stacks.get(stack)?.doc ?? {})[data ? "data" : "resource"] ?? {})[type] ?? {})[name];
    if (body === undefined) return undefined;
    const constructPath = (body["//"]?.metadata?.path ?? `${stack}/${name}`).split("/").slice(1).join("/");
    return { stack, type, name, data, body, key: `${stack}:${data ? "data." : ""}${type}.${name}`, constructPath };
  }

  /**
   * The resources and data sources a value refers to, following cross-stack references into the
   * producing stack's outputs. Returns items with the referenced attribute (`id`, `arn`, ...).
   */
  refs(stack, value, depth = 0) {
    const found = [];
    if (depth > 8 || value === undefined || value === null) return found;
    if (Array.isArray(value)) {
      for (const v of value) found.push(...this.refs(stack, v, depth));
      return found;
    }
    if (typeof value === "object") {
      for (const v of Object.values(value)) found.push(...this.refs(stack, v, depth));
      return found;
    }
    if (typeof value !== "string") return found;
    for (const [, expression] of value.matchAll(/\$\{([^{}]*)\}/g)) {
      const remote = /data\.terraform_remote_state\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)/g;
      for (const [, source, output] of expression.matchAll(remote)) {
        if (!source.startsWith(REMOTE_STATE_PREFIX)) continue;
        const producer = source.slice(REMOTE_STATE_PREFIX.length);
        const out = (this.stacks.get(producer)?.doc.output ?? {})[output];
        if (out) found.push(...this.refs(producer, out.value, depth + 1));
      }
      const local = expression.replace(remote, "");
      for (const [, isData, type, name, attr] of local.matchAll(/(?<![\w.-])(data\.)?([a-z][a-z0-9]*_[a-z0-9_]+)\.([A-Za-z0-9_-]+)(?:\.([A-Za-z0-9_]+))?/g)) {
        const item = this.item(stack, type, name, Boolean(isData));
        if (item) found.push({ ...item, attr });
      }
    }
    return found;
  }

  /** The first referenced item of one of the given types, or undefined. */
  ref(stack, value, ...types) {
    return this.refs(stack, value).find((r) => types.length === 0 || types.includes(r.type));
  }
}

// ---------------------------------------------------------------------------------------------
// The diagram model and its Mermaid text
// ---------------------------------------------------------------------------------------------

const RESERVED_IDS = new Set(["end", "subgraph", "graph", "flowchart", "style", "class", "classdef", "click", "call", "linkstyle", "default", "direction", "href"]);

const SHAPES = {
  box: ["[", "]"],
  round: ["(", ")"],
  stadium: ["([", "])"],
  cylinder: ["[(", ")]"],
  circle: ["((", "))"],
  hexagon: ["{{", "}}"],
  subroutine: ["[[", "]]"],
};

const CLASS_DEFS = {
  external: "fill:#f3f4f6,stroke:#6b7280,color:#111827",
  github: "fill:#24292e,stroke:#24292e,color:#ffffff",
  compute: "fill:#ff9900,stroke:#b45309,color:#111827",
  api: "fill:#fbcfe8,stroke:#be185d,color:#111827",
  subnet: "fill:#ede9fe,stroke:#6d28d9,color:#111827",
  gateway: "fill:#fde68a,stroke:#b45309,color:#111827",
  endpoint: "fill:#d1fae5,stroke:#065f46,color:#111827",
  store: "fill:#bfdbfe,stroke:#1d4ed8,color:#111827",
  iam: "fill:#fee2e2,stroke:#b91c1c,color:#111827",
};

const SUBGRAPH_STYLES = {
  account: "fill:#fffbeb,stroke:#d97706",
  vpc: "fill:#faf5ff,stroke:#7c3aed",
  tier: "fill:#ffffff,stroke:#a78bfa",
  group: "fill:#ffffff,stroke:#9ca3af",
};

/** Mermaid text for a label: entity codes for the characters Mermaid or HTML would interpret. */
function escapeText(text) {
  return String(text)
    .replace(/#/g, "#35;")
    .replace(/&/g, "#amp;")
    .replace(/"/g, "#quot;")
    .replace(/</g, "#lt;")
    .replace(/>/g, "#gt;");
}

/** A label of several lines (empty ones dropped). */
function lines(...parts) {
  return parts.filter((p) => p !== undefined && p !== null && p !== "").map(escapeText).join("<br/>");
}

function sanitizeId(text) {
  let id = String(text).replace(/[^A-Za-z0-9_]+/g, "_").replace(/^_+|_+$/g, "").replace(/_+/g, "_");
  if (!/^[A-Za-z]/.test(id)) id = `n_${id}`;
  if (RESERVED_IDS.has(id.toLowerCase())) id = `${id}_`;
  return id;
}

/** Nodes, subgraphs and edges of one diagram; ids are unique and derived from stable names. */
class Graph {
  constructor() {
    this.nodes = new Map();
    this.subgraphs = new Map();
    this.edges = new Map();
    this.usedIds = new Set();
    this.byKey = new Map();
  }

  /** A unique id from a stable base name; the same key always gets the same id. */
  allocate(base, key) {
    if (key && this.byKey.has(key)) return this.byKey.get(key);
    const root = sanitizeId(base);
    let id = root;
    for (let i = 2; this.usedIds.has(id); i++) id = `${root}_${i}`;
    this.usedIds.add(id);
    if (key) this.byKey.set(key, id);
    return id;
  }

  subgraph(base, label, { parent, style, key } = {}) {
    if (key && this.byKey.has(key)) return this.byKey.get(key);
    const id = this.allocate(base, key);
    this.subgraphs.set(id, { id, label, parent, style });
    return id;
  }

  node(base, label, { parent, shape = "box", cls, key } = {}) {
    if (key && this.byKey.has(key)) return this.byKey.get(key);
    const id = this.allocate(base, key);
    this.nodes.set(id, { id, label, parent, shape, cls });
    return id;
  }

  has(id) {
    return this.nodes.has(id) || this.subgraphs.has(id);
  }

  /**
   * An edge; a second edge between the same ends in the same style merges its label in.
   * The label is plain text, or an array of lines.
   */
  edge(from, to, text, style = "solid") {
    if (!from || !to || from === to) return;
    const label = text === undefined || text === "" ? undefined : [].concat(text).map(escapeText).join("<br/>");
    const key = `${from}|${to}|${style}`;
    const existing = this.edges.get(key);
    if (existing) {
      if (label && !existing.labels.includes(label)) existing.labels.push(label);
      return;
    }
    this.edges.set(key, { from, to, style, labels: label ? [label] : [] });
  }

  toMermaid(header) {
    const out = [];
    for (const line of header) out.push(`%% ${line}`);
    out.push("flowchart LR");
    const children = (parent) => ({
      nodes: [...this.nodes.values()].filter((n) => n.parent === parent),
      subgraphs: [...this.subgraphs.values()].filter((s) => s.parent === parent),
    });
    const nonEmpty = (id) => {
      const c = children(id);
      return c.nodes.length > 0 || c.subgraphs.some((s) => nonEmpty(s.id));
    };
    const emit = (parent, indent) => {
      const c = children(parent);
      for (const n of c.nodes) {
        const [open, close] = SHAPES[n.shape];
        out.push(`${indent}${n.id}${open}"${n.label}"${close}`);
      }
      for (const s of c.subgraphs) {
        if (!nonEmpty(s.id)) continue;
        out.push(`${indent}subgraph ${s.id}["${s.label}"]`);
        emit(s.id, `${indent}  `);
        out.push(`${indent}end`);
      }
    };
    emit(undefined, "  ");
    const visible = (id) => this.nodes.has(id) || (this.subgraphs.has(id) && nonEmpty(id));
    const arrows = { solid: "-->", dotted: "-.->", thick: "==>", link: "-.-" };
    for (const e of this.edges.values()) {
      if (!visible(e.from) || !visible(e.to)) continue;
      const text = e.labels.length ? `|"${e.labels.join("<br/>")}"|` : "";
      out.push(`  ${e.from} ${arrows[e.style]}${text} ${e.to}`);
    }
    for (const [name, def] of Object.entries(CLASS_DEFS)) out.push(`  classDef ${name} ${def};`);
    for (const name of Object.keys(CLASS_DEFS)) {
      const members = [...this.nodes.values()].filter((n) => n.cls === name).map((n) => n.id);
      if (members.length) out.push(`  class ${members.join(",")} ${name};`);
    }
    for (const s of this.subgraphs.values()) {
      if (s.style && nonEmpty(s.id)) out.push(`  style ${s.id} ${SUBGRAPH_STYLES[s.style]}`);
    }
    return `${out.join("\n")}\n`;
  }
}

// ---------------------------------------------------------------------------------------------
// From stacks to one environment's diagram
// ---------------------------------------------------------------------------------------------

const TIER_ORDER = ["public", "privateApp", "data"];
const TIER_LABELS = { public: "Public subnets", privateApp: "Private app subnets", data: "Data subnets" };
const KNOWN_PROVIDERS = { PINECONE: "Pinecone", HYPERCLOVA: "HyperCLOVA X", OPENAI: "OpenAI", ANTHROPIC: "Anthropic" };
const DEFAULT_PORTS = { postgres: 5432, "aurora-postgresql": 5432, mysql: 3306, "aurora-mysql": 3306, mariadb: 3306, redis: 6379, valkey: 6379, memcached: 11211 };

function tierLabel(tier) {
  return TIER_LABELS[tier] ?? `${tier.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/^./, (c) => c.toUpperCase())} subnets`;
}

/** `privateApp` -> `private_app`. */
function snake(text) {
  return sanitizeId(String(text).replace(/([a-z0-9])([A-Z])/g, "$1_$2")).toLowerCase();
}

function tierRank(tier) {
  const i = TIER_ORDER.indexOf(tier);
  return i === -1 ? TIER_ORDER.length : i;
}

/**
 * Short id part of an AZ: the zone number of an AZ ID (`apse2-az1` -> `az1`), or the letter of an
 * AZ name in the region (`ap-southeast-2a` -> `a`).
 */
function azSuffix(az, region) {
  const id = /^[a-z]+[0-9]+-(az[0-9]+)$/.exec(az ?? "");
  if (id) return id[1];
  return az && region && az.startsWith(region) ? az.slice(region.length) : az ?? "x";
}

/** Where a subnet is: its AZ ID (the same zone in every account), else its AZ name. */
function subnetAz(subnet) {
  return subnet.body.availability_zone_id ?? subnet.body.availability_zone;
}

function tagName(item) {
  return (item.body.tags ?? {}).Name;
}

/** Drops the environment from a resource name so ids stay the same across environments. */
function withoutEnv(name, env) {
  return String(name).split(/[-_/]/).filter((part) => part && part !== env).join("_");
}

/** Summary of IAM actions, for an edge label. */
function summarizeActions(actions, resources) {
  const has = (a) => actions.includes(a);
  const labels = [];
  if (has("ecr:PutImage") || has("ecr:CompleteLayerUpload")) labels.push("push images");
  else if (has("ecr:BatchGetImage")) labels.push("pull images");
  if (has("lambda:UpdateFunctionCode")) labels.push("deploy code");
  if (has("eks:DescribeCluster")) labels.push("describe cluster");
  if (has("sts:AssumeRole")) labels.push("read state (assumed role)");
  if (actions.some((a) => a.startsWith("s3:"))) {
    const prefix = resources.map((r) => /^arn:aws:s3:::[^/]+\/(.+)$/.exec(r)?.[1]).find(Boolean);
    const rw = has("s3:PutObject") ? "read/write" : "read";
    labels.push(prefix ? `${rw} ${prefix}` : rw);
  }
  if (labels.length === 0) labels.push([...new Set(actions.map((a) => a.split(":")[0]))].join(", "));
  return labels.join(", ");
}

/** Statements of an IAM policy given as a policy-document data source reference or JSON text. */
function policyStatements(synth, stack, value) {
  const doc = synth.ref(stack, value, "aws_iam_policy_document");
  if (doc) {
    return (doc.body.statement ?? []).map((s) => ({
      stack: doc.stack,
      actions: s.actions ?? [],
      resources: s.resources ?? [],
      principals: (s.principals ?? []).map((p) => ({ type: p.type, identifiers: p.identifiers ?? [] })),
      conditions: (s.condition ?? []).map((c) => ({ variable: c.variable, values: c.values ?? [] })),
    }));
  }
  if (typeof value === "string" && value.trim().startsWith("{")) {
    try {
      const parsed = JSON.parse(value);
      const list = Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement];
      const arr = (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
      return list.filter(Boolean).map((s) => ({
        stack,
        actions: arr(s.Action),
        resources: arr(s.Resource),
        principals: Object.entries(s.Principal ?? {}).map(([type, ids]) => ({ type, identifiers: arr(ids) })),
        conditions: Object.values(s.Condition ?? {}).flatMap((o) => Object.entries(o).map(([variable, values]) => ({ variable, values: arr(values) }))),
      }));
    } catch {
      return [];
    }
  }
  return [];
}

/** Everything the diagram of one environment needs, drawn into a Graph. */
function buildEnvironment(synth, env) {
  const envStacks = [...synth.stacks.keys()].filter((n) => n.startsWith(`${env}-`)).sort();
  const g = new Graph();
  const used = new Set(envStacks);
  const home = synth.stacks.get(`${env}-network`) ?? synth.stacks.get(envStacks[0]);
  const region = home.region;
  const facts = [];

  const accountStacks = new Map(); // account subgraph id -> stacks drawn in it
  const accountSubgraph = (stackName) => {
    const s = synth.stacks.get(stackName);
    accountStacks.set(`acct_${s.accountId}`, new Set([...(accountStacks.get(`acct_${s.accountId}`) ?? []), stackName]));
    const own = s.accountId === home.accountId;
    const label = own ? lines(`AWS account ${s.accountId} · ${env} · ${s.region}`) : lines(`AWS account ${s.accountId} · ${s.region}`);
    return g.subgraph(`acct_${s.accountId}`, label, { style: "account", key: `account:${s.accountId}` });
  };
  const envAccount = accountSubgraph(home.name);
  const nodeOf = new Map(); // item key -> node id
  const placeOf = (item) => nodeOf.get(item.key);

  // -- Network: VPC, tiers x AZs, gateways, routes, endpoints ---------------------------------
  const vpcs = synth.all("aws_vpc", envStacks);
  const subnetInfo = new Map(); // subnet item key -> { id, tier, az, vpcIndex }
  const tierSubgraph = new Map(); // `${vpcIndex}:${tier}` -> subgraph id
  const tierMembers = new Map(); // `${vpcIndex}:${tier}` -> [subnet node ids]
  const endpointByService = new Map(); // service short name -> node id (interface endpoints)
  let logsNode;
  const logsLabelLines = [];

  const logGroups = synth.all("aws_cloudwatch_log_group", envStacks);
  if (logGroups.length) {
    for (const lg of logGroups) logsLabelLines.push(lg.body.name ?? lg.name);
    logsNode = g.node("cloudwatch_logs", lines("CloudWatch Logs", ...logsLabelLines, logGroups.every((lg) => lg.body.kms_key_id) ? "KMS-encrypted" : ""), {
      parent: envAccount,
      shape: "cylinder",
      cls: "store",
    });
  }

  vpcs.forEach((vpc, vpcIndex) => {
    const p = vpcIndex === 0 ? "" : `vpc${vpcIndex + 1}_`;
    const vpcId = g.subgraph(`${p}vpc`, lines(`VPC ${tagName(vpc) ?? vpc.name} · ${vpc.body.cidr_block} · ${vpc.stack}`), { parent: envAccount, style: "vpc", key: vpc.key });
    nodeOf.set(vpc.key, vpcId);
    const inVpc = (item) => synth.refs(item.stack, item.body.vpc_id).some((r) => r.key === vpc.key);

    const subnets = synth.all("aws_subnet", envStacks).filter(inVpc);
    subnets.sort((a, b) => {
      const ta = (a.body.tags ?? {}).Tier ?? "untagged";
      const tb = (b.body.tags ?? {}).Tier ?? "untagged";
      return tierRank(ta) - tierRank(tb) || ta.localeCompare(tb) || String(subnetAz(a)).localeCompare(String(subnetAz(b)));
    });
    const azs = [...new Set(subnets.map(subnetAz))].sort();
    facts.push(["VPC", `${vpc.body.cidr_block}, ${azs.length} AZs (${azs.join(", ")})`]);
    for (const subnet of subnets) {
      const tier = (subnet.body.tags ?? {}).Tier ?? "untagged";
      const tierKey = `${vpcIndex}:${tier}`;
      if (!tierSubgraph.has(tierKey)) {
        tierSubgraph.set(tierKey, g.subgraph(`${p}tier_${snake(tier)}`, lines(tierLabel(tier)), { parent: vpcId, style: "tier" }));
        tierMembers.set(tierKey, []);
      }
      const az = subnetAz(subnet);
      const id = g.node(`${p}subnet_${snake(tier)}_${azSuffix(az, region)}`, lines(az, subnet.body.cidr_block), {
        parent: tierSubgraph.get(tierKey),
        cls: "subnet",
        key: subnet.key,
      });
      nodeOf.set(subnet.key, id);
      subnetInfo.set(subnet.key, { id, tier, az, vpcIndex });
      tierMembers.get(tierKey).push(id);
    }

    /** Edges from a set of subnets: one from the tier when they are the whole tier, else one each. */
    const edgesFromSubnets = (subnetKeys, to, label, style) => {
      const infos = [...new Set(subnetKeys)].map((k) => subnetInfo.get(k)).filter(Boolean);
      const byTier = new Map();
      for (const info of infos) byTier.set(info.tier, [...(byTier.get(info.tier) ?? []), info.id]);
      for (const [tier, ids] of byTier) {
        const all = tierMembers.get(`${vpcIndex}:${tier}`) ?? [];
        if (all.length > 1 && ids.length === all.length) g.edge(tierSubgraph.get(`${vpcIndex}:${tier}`), to, label, style);
        else for (const id of ids) g.edge(id, to, label, style);
      }
    };

    for (const igw of synth.all("aws_internet_gateway", envStacks).filter(inVpc)) {
      nodeOf.set(igw.key, g.node(`${p}igw`, lines("Internet gateway"), { parent: vpcId, shape: "hexagon", cls: "gateway", key: igw.key }));
    }

    const nats = synth.all("aws_nat_gateway", envStacks).filter((nat) => subnetInfo.has(synth.ref(nat.stack, nat.body.subnet_id, "aws_subnet")?.key));
    for (const nat of nats) {
      const subnet = subnetInfo.get(synth.ref(nat.stack, nat.body.subnet_id, "aws_subnet").key);
      const id = g.node(`${p}nat_${azSuffix(subnet.az, region)}`, lines("NAT gateway", subnet.az), {
        parent: tierSubgraph.get(`${vpcIndex}:${subnet.tier}`),
        shape: "hexagon",
        cls: "gateway",
        key: nat.key,
      });
      nodeOf.set(nat.key, id);
      g.edge(subnet.id, id, "hosts", "link");
      const igw = synth.all("aws_internet_gateway", envStacks).find(inVpc);
      if (igw && (nat.body.connectivity_type ?? "public") === "public") g.edge(id, nodeOf.get(igw.key), undefined, "solid");
    }
    facts.push(["NAT gateways", nats.length ? nats.map((n) => subnetInfo.get(synth.ref(n.stack, n.body.subnet_id, "aws_subnet").key).az).join(", ") : "none"]);

    // Route tables: which subnets use each, and where their routes go.
    const routeTables = synth.all("aws_route_table", envStacks).filter(inVpc);
    const associations = synth.all("aws_route_table_association", envStacks);
    const subnetsOfTable = new Map();
    for (const rt of routeTables) {
      subnetsOfTable.set(
        rt.key,
        associations.filter((a) => synth.ref(a.stack, a.body.route_table_id, "aws_route_table")?.key === rt.key).map((a) => synth.ref(a.stack, a.body.subnet_id, "aws_subnet")?.key).filter(Boolean),
      );
    }
    const routes = [];
    for (const r of synth.all("aws_route", envStacks)) {
      const rt = synth.ref(r.stack, r.body.route_table_id, "aws_route_table");
      if (rt && subnetsOfTable.has(rt.key)) routes.push({ table: rt.key, stack: r.stack, body: r.body });
    }
    for (const rt of routeTables) for (const inline of [].concat(rt.body.route ?? [])) routes.push({ table: rt.key, stack: rt.stack, body: inline });
    const routeTargets = new Map(); // `${target}|${destination}` -> subnet keys
    for (const route of routes) {
      const destination = route.body.destination_cidr_block ?? route.body.destination_ipv6_cidr_block ?? route.body.cidr_block ?? "prefix list";
      for (const field of ["nat_gateway_id", "gateway_id", "vpc_endpoint_id", "transit_gateway_id", "vpc_peering_connection_id"]) {
        const target = synth.ref(route.stack, route.body[field]);
        if (!target || !nodeOf.has(target.key)) continue;
        const k = `${nodeOf.get(target.key)}|${destination}`;
        routeTargets.set(k, [...(routeTargets.get(k) ?? []), ...subnetsOfTable.get(route.table)]);
      }
    }
    for (const [k, subnetKeys] of routeTargets) {
      const [to, destination] = k.split("|");
      edgesFromSubnets(subnetKeys, to, destination, "solid");
    }
    // A tier none of whose route tables has a default route says so in its title.
    for (const [tierKey, sgId] of tierSubgraph) {
      if (!tierKey.startsWith(`${vpcIndex}:`)) continue;
      const tier = tierKey.slice(tierKey.indexOf(":") + 1);
      const keys = subnets.filter((s) => ((s.body.tags ?? {}).Tier ?? "untagged") === tier).map((s) => s.key);
      const tables = routeTables.filter((rt) => subnetsOfTable.get(rt.key).some((k) => keys.includes(k))).map((rt) => rt.key);
      const hasDefault = routes.some((r) => tables.includes(r.table) && (r.body.destination_cidr_block === "0.0.0.0/0" || r.body.cidr_block === "0.0.0.0/0"));
      if (tables.length && !hasDefault) g.subgraphs.get(sgId).label = lines(`${tierLabel(tier)} · no default route`);
    }

    // Gateway endpoints: reached through the route tables that list them.
    const endpoints = synth.all("aws_vpc_endpoint", envStacks).filter(inVpc);
    const gatewayGroup = g.subgraph(`${p}vpce_gateway`, lines("Gateway endpoints"), { parent: vpcId, style: "group" });
    for (const ep of endpoints.filter((e) => e.body.vpc_endpoint_type === "Gateway")) {
      const service = endpointService(synth, ep, region);
      const id = g.node(`${p}vpce_${service.id}`, lines(service.label, "gateway endpoint"), { parent: gatewayGroup, shape: "hexagon", cls: "endpoint", key: ep.key });
      nodeOf.set(ep.key, id);
      const tables = synth.refs(ep.stack, ep.body.route_table_ids).filter((r) => r.type === "aws_route_table").map((r) => r.key);
      edgesFromSubnets(tables.flatMap((t) => subnetsOfTable.get(t) ?? []), id, "prefix list route", "dotted");
    }
    // Interface endpoints: ENIs in their subnets, grouped in the tier that holds them.
    const interfaceGroups = new Map();
    for (const ep of endpoints.filter((e) => e.body.vpc_endpoint_type !== "Gateway")) {
      const infos = synth.refs(ep.stack, ep.body.subnet_ids).map((r) => subnetInfo.get(r.key)).filter(Boolean);
      const tier = infos[0]?.tier;
      const parentTier = tier ? tierSubgraph.get(`${vpcIndex}:${tier}`) : vpcId;
      const groupKey = tier ?? "vpc";
      if (!interfaceGroups.has(groupKey)) {
        const tierSize = tier ? (tierMembers.get(`${vpcIndex}:${tier}`) ?? []).length : 0;
        const azList = [...new Set(infos.map((i) => i.az))];
        const where = !infos.length ? "" : infos.length === tierSize ? `ENIs in every ${tierLabel(tier).toLowerCase().replace(/s$/, "")}` : `ENIs in ${azList.join(", ")}`;
        interfaceGroups.set(groupKey, g.subgraph(`${p}vpce_interface_${snake(groupKey)}`, lines(["Interface endpoints", ep.body.private_dns_enabled ? "private DNS" : "", where].filter(Boolean).join(" · ")), { parent: parentTier, style: "group" }));
      }
      const service = endpointService(synth, ep, region);
      const id = g.node(`${p}vpce_${service.id}`, lines(service.label), { parent: interfaceGroups.get(groupKey), cls: "endpoint", key: ep.key });
      nodeOf.set(ep.key, id);
      if (ep.body.private_dns_enabled) endpointByService.set(service.id, { id, subnets: new Set(infos.map((i) => i.id)) });
      if (service.target) g.edge(id, service.target, "PrivateLink", "solid");
    }

    // Flow logs: the VPC into its log group.
    for (const flow of synth.all("aws_flow_log", envStacks).filter(inVpc)) {
      if (logsNode) g.edge(vpcId, logsNode, `flow logs (${flow.body.traffic_type ?? "ALL"})`, "dotted");
    }
  });

  // -- Later layers: EKS in the tier of its subnets, data services in the tier of their subnet group --
  const placeInTier = (item, subnetValue, fallbackTier) => {
    const infos = synth.refs(item.stack, subnetValue).map((r) => subnetInfo.get(r.key)).filter(Boolean);
    const tier = infos[0]?.tier ?? fallbackTier;
    const vpcIndex = infos[0]?.vpcIndex ?? 0;
    return { parent: tierSubgraph.get(`${vpcIndex}:${tier}`) ?? nodeOf.get(vpcs[vpcIndex]?.key) ?? envAccount, azs: [...new Set(infos.map((i) => i.az))] };
  };

  for (const cluster of synth.all("aws_eks_cluster", envStacks)) {
    const where = placeInTier(cluster, (cluster.body.vpc_config ?? {}).subnet_ids, "privateApp");
    const id = g.node(`eks_${withoutEnv(cluster.body.name ?? cluster.name, env)}`, lines(`EKS ${cluster.body.name ?? cluster.name}`, cluster.body.version ? `Kubernetes ${cluster.body.version}` : "", where.azs.length ? `ENIs in ${where.azs.join(", ")}` : ""), {
      parent: where.parent,
      cls: "compute",
      key: cluster.key,
    });
    nodeOf.set(cluster.key, id);
  }
  for (const ng of synth.all("aws_eks_node_group", envStacks)) {
    const where = placeInTier(ng, ng.body.subnet_ids, "privateApp");
    const scaling = ng.body.scaling_config ?? {};
    const size = scaling.min_size !== undefined ? `${scaling.min_size}-${scaling.max_size} nodes` : "";
    const id = g.node(`nodegroup_${withoutEnv(ng.body.node_group_name ?? ng.name, env)}`, lines(`Node group ${ng.body.node_group_name ?? ng.name}`, [(ng.body.instance_types ?? []).join(", "), size].filter(Boolean).join(" · "), where.azs.length ? `in ${where.azs.join(", ")}` : ""), {
      parent: where.parent,
      cls: "compute",
      key: ng.key,
    });
    nodeOf.set(ng.key, id);
    const cluster = synth.ref(ng.stack, ng.body.cluster_name, "aws_eks_cluster");
    if (cluster && nodeOf.has(cluster.key)) g.edge(nodeOf.get(cluster.key), id, "workers", "link");
  }

  const dataServices = [];
  const subnetGroupSubnets = (item, field, groupType) => {
    const group = synth.ref(item.stack, item.body[field], groupType);
    return group ? group.body.subnet_ids : undefined;
  };
  for (const db of [...synth.all("aws_db_instance", envStacks), ...synth.all("aws_rds_cluster", envStacks)]) {
    if (db.type === "aws_db_instance" && db.body.cluster_identifier) continue; // drawn as its cluster
    const where = placeInTier(db, subnetGroupSubnets(db, "db_subnet_group_name", "aws_db_subnet_group"), "data");
    const engine = db.body.engine ?? "db";
    const name = db.body.identifier ?? db.body.cluster_identifier ?? db.name;
    const id = g.node(`rds_${withoutEnv(name, env)}`, lines(`RDS ${engine}${db.body.engine_version ? ` ${db.body.engine_version}` : ""}`, name, [db.body.instance_class, db.body.multi_az ? "Multi-AZ" : ""].filter(Boolean).join(" · ")), {
      parent: where.parent,
      shape: "cylinder",
      cls: "store",
      key: db.key,
    });
    nodeOf.set(db.key, id);
    dataServices.push({ id, port: db.body.port ?? DEFAULT_PORTS[engine] });
  }
  for (const cache of synth.all("aws_elasticache_replication_group", envStacks)) {
    const where = placeInTier(cache, subnetGroupSubnets(cache, "subnet_group_name", "aws_elasticache_subnet_group"), "data");
    const engine = cache.body.engine ?? "redis";
    const name = cache.body.replication_group_id ?? cache.name;
    const count = cache.body.num_cache_clusters ?? cache.body.num_node_groups;
    const id = g.node(`cache_${withoutEnv(name, env)}`, lines(`ElastiCache ${engine}`, name, [cache.body.node_type, count ? `${count} nodes` : "", cache.body.automatic_failover_enabled ? "failover" : ""].filter(Boolean).join(" · ")), {
      parent: where.parent,
      shape: "cylinder",
      cls: "store",
      key: cache.key,
    });
    nodeOf.set(cache.key, id);
    dataServices.push({ id, port: cache.body.port ?? DEFAULT_PORTS[engine] });
  }
  const appTier = tierSubgraph.get("0:privateApp");
  for (const svc of dataServices) if (appTier) g.edge(appTier, svc.id, svc.port ? `TCP ${svc.port}` : undefined, "solid");

  // MongoDB Atlas: outside AWS; its PrivateLink endpoint service is what an interface endpoint targets.
  for (const type of ["mongodbatlas_advanced_cluster", "mongodbatlas_cluster"]) {
    for (const cluster of synth.all(type, envStacks)) {
      const atlas = g.subgraph("mongodb_atlas", lines("MongoDB Atlas"), { style: "group", key: "mongodb_atlas" });
      const id = g.node(`atlas_${withoutEnv(cluster.body.name ?? cluster.name, env)}`, lines(`Atlas cluster ${cluster.body.name ?? cluster.name}`, cluster.body.mongo_db_major_version ? `MongoDB ${cluster.body.mongo_db_major_version}` : ""), {
        parent: atlas,
        shape: "cylinder",
        cls: "external",
        key: cluster.key,
      });
      nodeOf.set(cluster.key, id);
    }
  }
  const atlasClusters = [...g.nodes.values()].filter((n) => n.id.startsWith("atlas_")).map((n) => n.id);
  for (const ep of synth.all("aws_vpc_endpoint", envStacks)) {
    if (synth.refs(ep.stack, ep.body.service_name).some((r) => r.type.startsWith("mongodbatlas_")) && nodeOf.has(ep.key)) {
      for (const c of atlasClusters) g.edge(nodeOf.get(ep.key), c, "PrivateLink", "solid");
    }
  }

  // Regional services of the environment: queues and buckets (the S3 gateway endpoint reaches the buckets).
  const regional = () => g.subgraph("regional_services", lines(`Regional services · ${region}`), { parent: envAccount, style: "group", key: "regional_services" });
  for (const q of synth.all("aws_sqs_queue", envStacks)) {
    const name = q.body.name ?? q.name;
    nodeOf.set(q.key, g.node(`sqs_${withoutEnv(name, env)}`, lines(`SQS ${name}`, q.body.fifo_queue ? "FIFO" : ""), { parent: regional(), shape: "subroutine", cls: "store", key: q.key }));
  }
  for (const b of synth.all("aws_s3_bucket", envStacks)) {
    const name = b.body.bucket ?? b.body.bucket_prefix ?? b.name;
    const id = g.node(`s3_${withoutEnv(name, env)}`, lines(`S3 ${name}`), { parent: regional(), shape: "cylinder", cls: "store", key: b.key });
    nodeOf.set(b.key, id);
    const s3Endpoint = endpointByService.get("s3") ?? [...g.nodes.values()].find((n) => n.id === "vpce_s3");
    if (s3Endpoint) g.edge(s3Endpoint.id, id, undefined, "solid");
  }

  // -- Serverless path: users -> API -> Lambda -> Parameter Store and the AI APIs ---------------
  const apis = synth.all("aws_apigatewayv2_api", envStacks);
  const functions = synth.all("aws_lambda_function", envStacks);
  const stackGroup = (stack) => g.subgraph(`stack_${withoutEnv(stack, env)}`, lines(stack), { parent: envAccount, style: "group", key: `stack:${stack}` });
  let usersNode;
  for (const fn of functions) {
    const vpcConfig = [].concat(fn.body.vpc_config ?? [])[0];
    const subnetKeys = vpcConfig ? synth.refs(fn.stack, vpcConfig.subnet_ids).filter((r) => r.type === "aws_subnet").map((r) => r.key) : [];
    const inVpc = subnetKeys.length > 0;
    const id = g.node(`lambda_${withoutEnv(fn.body.function_name ?? fn.name, env)}`, lines(
      `Lambda ${fn.body.function_name ?? fn.name}`,
      [fn.body.runtime, fn.body.memory_size ? `${fn.body.memory_size} MB` : "", fn.body.timeout ? `${fn.body.timeout} s` : ""].filter(Boolean).join(" · "),
      [fn.body.reserved_concurrent_executions !== undefined ? `reserved concurrency ${fn.body.reserved_concurrent_executions}` : "", inVpc ? "in the VPC" : "outside the VPC"].filter(Boolean).join(" · "),
    ), { parent: stackGroup(fn.stack), cls: "compute", key: fn.key });
    nodeOf.set(fn.key, id);
    facts.push([`Lambda ${fn.body.function_name ?? fn.name}`, inVpc ? `in the VPC (${subnetKeys.map((k) => subnetInfo.get(k)?.az).filter(Boolean).join(", ")})` : "outside the VPC"]);
    if (inVpc) {
      const vpcIndex = subnetInfo.get(subnetKeys[0])?.vpcIndex ?? 0;
      const infos = subnetKeys.map((k) => subnetInfo.get(k)).filter(Boolean);
      const tier = infos[0]?.tier;
      const all = tierMembers.get(`${vpcIndex}:${tier}`) ?? [];
      if (infos.length === all.length && all.length > 1 && infos.every((i) => i.tier === tier)) g.edge(id, tierSubgraph.get(`${vpcIndex}:${tier}`), "ENIs", "dotted");
      else for (const info of infos) g.edge(id, info.id, "ENI", "dotted");
    }
    const logGroup = synth.ref(fn.stack, (fn.body.logging_config ?? {}).log_group, "aws_cloudwatch_log_group");
    if (logsNode && logGroup) g.edge(id, logsNode, "function logs", "dotted");

    // Parameter Store: the parameters whose names the function is given.
    const envValues = Object.values(((fn.body.environment ?? {}).variables) ?? {}).map(String);
    // SecureStrings are created outside Terraform: their names are the function's settings that
    // name a parameter under the environment's path (or, in older stacks, aws_ssm_parameter resources).
    const managed = synth.all("aws_ssm_parameter", envStacks).filter((p) => envValues.includes(p.body.name));
    const parameters = managed.length
      ? managed
      : envValues.filter((v) => v.startsWith(`/chatbot/${env}/`)).map((name) => ({ stack: fn.stack, body: { name, type: "SecureString", key_id: true } }));
    const byPrefix = new Map();
    for (const prm of parameters) {
      const prefix = prm.body.name.includes("/") ? prm.body.name.slice(0, prm.body.name.lastIndexOf("/") + 1) : "/";
      byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), prm]);
    }
    for (const [prefix, list] of byPrefix) {
      const types = [...new Set(list.map((x) => x.body.type ?? "String"))].join(", ");
      const pid = g.node(`params_${withoutEnv(prefix, env) || "root"}`, lines(`Parameter Store ${prefix}`, ...list.map((x) => x.body.name.slice(prefix.length)), `${types}${list.every((x) => x.body.key_id) ? " · KMS" : ""}`), {
        parent: stackGroup(list[0].stack),
        shape: "cylinder",
        cls: "store",
        key: `params:${prefix}`,
      });
      const ssmEndpoint = endpointByService.get("ssm");
      const viaEndpoint = inVpc && ssmEndpoint && subnetKeys.some((k) => ssmEndpoint.subnets.has(subnetInfo.get(k)?.id));
      if (viaEndpoint) {
        g.edge(id, ssmEndpoint.id, "read secrets", "solid");
        g.edge(ssmEndpoint.id, pid, "PrivateLink", "solid");
      } else {
        g.edge(id, pid, "read secrets", "solid");
      }
    }

    // External AI APIs: the providers whose API keys the function is given.
    const providers = [...new Set(parameters.map((prm) => /([A-Z0-9]+)_API_KEY$/.exec(prm.body.name)?.[1]).filter(Boolean))];
    if (providers.length) {
      const names = providers.map((x) => KNOWN_PROVIDERS[x] ?? x.charAt(0) + x.slice(1).toLowerCase());
      const ai = g.node("ai_apis", lines("External AI APIs", names.join(" · ")), { shape: "round", cls: "external", key: "ai_apis" });
      const igwKey = synth.all("aws_internet_gateway", envStacks)[0]?.key;
      if (inVpc && igwKey && nodeOf.has(igwKey)) g.edge(nodeOf.get(igwKey), ai, "HTTPS", "solid");
      else if (inVpc) g.edge(id, ai, "HTTPS (no NAT route drawn)", "solid");
      else g.edge(id, ai, "HTTPS via the Lambda service", "solid");
    }
  }
  for (const api of apis) {
    const stage = synth.all("aws_apigatewayv2_stage", envStacks).find((s) => synth.ref(s.stack, s.body.api_id)?.key === api.key);
    const throttle = stage ? [].concat(stage.body.default_route_settings ?? [])[0] : undefined;
    const routes = synth.all("aws_apigatewayv2_route", envStacks).filter((r) => synth.ref(r.stack, r.body.api_id)?.key === api.key);
    const id = g.node(`api_${withoutEnv(api.body.name ?? api.name, env)}`, lines(
      `API Gateway ${api.body.protocol_type ?? ""} API`.replace(/\s+/g, " "),
      api.body.name,
      routes.map((r) => r.body.route_key).join(", "),
      throttle && throttle.throttling_rate_limit !== undefined ? `throttle ${throttle.throttling_rate_limit} rps, burst ${throttle.throttling_burst_limit}` : "",
    ), { parent: stackGroup(api.stack), cls: "api", key: api.key });
    nodeOf.set(api.key, id);
    const origins = [].concat((api.body.cors_configuration ?? {}).allow_origins ?? []);
    usersNode = g.node("users", lines("Chat clients", origins.length ? `CORS: ${origins.map((o) => (o === "*" ? "any origin" : o)).join(", ")}` : ""), { shape: "stadium", cls: "external", key: "users" });
    g.edge(usersNode, id, `HTTPS ${routes.map((r) => r.body.route_key).join(", ")}`, "thick");
    for (const route of routes) {
      const integration = synth.ref(route.stack, route.body.target, "aws_apigatewayv2_integration");
      const target = integration && synth.ref(integration.stack, integration.body.integration_uri, "aws_lambda_function");
      if (target && nodeOf.has(target.key)) g.edge(id, nodeOf.get(target.key), integration.body.integration_type === "AWS_PROXY" ? "Lambda proxy" : integration.body.integration_type, "thick");
    }
    if (logsNode && stage && synth.ref(stage.stack, (stage.body.access_log_settings ?? {}).destination_arn, "aws_cloudwatch_log_group")) g.edge(id, logsNode, "access logs", "dotted");
  }

  // -- Delivery: GitHub Actions roles and what they may touch ----------------------------------
  const githubGroup = () => g.subgraph("github", lines("GitHub"), { style: "group", key: "github" });
  const roles = synth.all("aws_iam_role", envStacks);
  for (const role of roles) {
    const trust = policyStatements(synth, role.stack, role.body.assume_role_policy);
    const federated = [];
    for (const st of trust) {
      for (const pr of st.principals.filter((x) => x.type === "Federated")) {
        for (const provider of synth.refs(st.stack, pr.identifiers).filter((r) => r.type === "aws_iam_openid_connect_provider")) {
          if (!String(provider.body.url).includes("token.actions.githubusercontent.com")) continue;
          const subjects = st.conditions.filter((c) => /:sub$/.test(c.variable)).flatMap((c) => c.values);
          federated.push({ provider, subjects });
        }
      }
    }
    if (!federated.length) continue;
    const attached = synth.all("aws_iam_role_policy_attachment", envStacks)
      .filter((a) => synth.ref(a.stack, a.body.role, "aws_iam_role")?.key === role.key)
      .map((a) => String(a.body.policy_arn).split("/").pop());
    const roleName = role.body.name ?? role.name;
    const rid = g.node(`role_${withoutEnv(roleName, env)}`, lines(`IAM role ${roleName}`, attached.length ? `+ ${attached.join(", ")}` : ""), { parent: stackGroup(role.stack), cls: "iam", key: role.key });
    nodeOf.set(role.key, rid);
    for (const { provider, subjects } of federated) {
      used.add(provider.stack);
      const oidc = g.node("oidc_github", lines("IAM OIDC provider", String(provider.body.url).replace(/^https:\/\//, "")), { parent: accountSubgraph(provider.stack), cls: "iam", key: provider.key });
      g.edge(rid, oidc, "trusts", "dotted");
      const repos = [...new Set(subjects.map((s) => /^repo:([^:]+):/.exec(s)?.[1]).filter(Boolean))];
      const gha = g.node("github_actions", lines("GitHub Actions", ...repos), { parent: githubGroup(), cls: "github", key: "github_actions" });
      g.edge(gha, rid, ["assume role (OIDC)", ...subjects.map((s) => s.replace(/^repo:[^:]+:/, ""))], "solid");
    }
    // Permissions: inline policies whose resources are drawn (or drawable) nodes.
    // Every statement naming the same target adds up to one edge, labelled by what it allows.
    const grants = new Map(); // node id -> { actions, resources }
    const inline = synth.all("aws_iam_role_policy", envStacks).filter((p) => synth.ref(p.stack, p.body.role, "aws_iam_role")?.key === role.key);
    for (const policy of inline) {
      for (const st of policyStatements(synth, policy.stack, policy.body.policy)) {
        for (const resource of st.resources) {
          for (const target of resolveResourceTargets(synth, st.stack, resource)) {
            const to = nodeOf.get(target.key) ?? drawSharedTarget(synth, g, target, accountSubgraph, used, nodeOf, env);
            if (!to) continue;
            const grant = grants.get(to) ?? { actions: new Set(), resources: new Set() };
            st.actions.forEach((a) => grant.actions.add(a));
            grant.resources.add(resource);
            grants.set(to, grant);
          }
        }
      }
    }
    for (const [to, grant] of grants) g.edge(rid, to, summarizeActions([...grant.actions], [...grant.resources]), "solid");
  }

  // EKS node groups pull images from the registry (through the ECR endpoint when there is one).
  const ecrNodes = [...g.nodes.values()].filter((n) => n.id.startsWith("ecr_")).map((n) => n.id);
  for (const ng of synth.all("aws_eks_node_group", envStacks)) {
    const from = nodeOf.get(ng.key);
    const dkr = endpointByService.get("ecr_dkr");
    for (const ecr of ecrNodes) {
      if (dkr) {
        g.edge(from, dkr.id, "pull images", "solid");
        g.edge(dkr.id, ecr, "PrivateLink", "solid");
      } else g.edge(from, ecr, "pull images", "solid");
    }
  }

  // Titles of the per-stack groups name the layer as well as the stack.
  for (const stack of envStacks) {
    const sgId = g.byKey.get(`stack:${stack}`);
    if (sgId) g.subgraphs.get(sgId).label = lines(`${stack.slice(env.length + 1)} · ${stack}`);
  }

  // Other accounts' boxes name the stacks whose resources they show.
  for (const [id, stacks] of accountStacks) {
    const sg = g.subgraphs.get(g.byKey.get(`account:${id.slice("acct_".length)}`));
    if (sg && id !== `acct_${home.accountId}`) sg.label = `${sg.label} · ${[...stacks].sort().join(", ")}`;
  }

  const sources = [...used].sort();
  return { env, graph: g, sources, facts, region, accountId: home.accountId };
}

/** Short id and label of a VPC endpoint's service, and the node it leads to (Atlas). */
function endpointService(synth, ep, region) {
  const name = String(ep.body.service_name ?? "");
  const atlas = synth.refs(ep.stack, name).find((r) => r.type.startsWith("mongodbatlas_"));
  if (atlas) return { id: "mongodb_atlas", label: "MongoDB Atlas PrivateLink" };
  const short = name.replace(new RegExp(`^com\\.amazonaws\\.${region.replace(/[-]/g, "\\-")}\\.`), "").replace(/^com\.amazonaws\.[a-z0-9-]+\./, "");
  return { id: sanitizeId(short).toLowerCase(), label: short };
}

/** The items an IAM resource string names: references, or ARNs of buckets, clusters and tables anywhere. */
function resolveResourceTargets(synth, stack, resource) {
  const byRef = synth.refs(stack, resource).filter((r) => !r.data);
  if (byRef.length) return byRef;
  const s3 = /^arn:aws:s3:::([^/*]+)/.exec(resource);
  if (s3) return synth.all("aws_s3_bucket").filter((b) => b.body.bucket === s3[1]);
  const eks = /^arn:aws:eks:[^:]*:[^:]*:cluster\/(.+)$/.exec(resource);
  if (eks) return synth.all("aws_eks_cluster").filter((c) => c.body.name === eks[1]);
  // A state-access role (bootstrap stack): drawn as the state bucket it reaches.
  const role = /^arn:aws:iam::\d{12}:role\/(.+)$/.exec(resource);
  if (role) {
    const owner = synth.all("aws_iam_role").find((r) => r.body.name === role[1]);
    if (owner) return synth.all("aws_s3_bucket", [owner.stack]).filter((b) => isStateBucket(synth, b.body.bucket));
  }
  return [];
}

/** A bucket some stack's S3 backend keeps its state in. */
function isStateBucket(synth, bucket) {
  return [...synth.stacks.values()].some((s) => (((s.doc.terraform ?? {}).backend ?? {}).s3 ?? {}).bucket === bucket);
}

/** Draws a resource of another stack (ECR repository, state bucket) in its account's box, once. */
function drawSharedTarget(synth, g, target, accountSubgraph, used, nodeOf, env) {
  if (target.type === "aws_ecr_repository") {
    used.add(target.stack);
    const flags = [target.body.image_tag_mutability === "IMMUTABLE" ? "immutable tags" : "", (target.body.image_scanning_configuration ?? {}).scan_on_push ? "scan on push" : ""].filter(Boolean).join(" · ");
    const id = g.node(`ecr_${sanitizeId(target.body.name)}`, lines(`ECR ${target.body.name}`, flags), { parent: accountSubgraph(target.stack), shape: "cylinder", cls: "store", key: target.key });
    nodeOf.set(target.key, id);
    return id;
  }
  if (target.type === "aws_s3_bucket") {
    used.add(target.stack);
    const isState = isStateBucket(synth, target.body.bucket);
    const id = g.node(`s3_${withoutEnv(target.body.bucket, env)}`, lines(`S3 ${target.body.bucket}`, isState ? "Terraform state" : ""), { parent: accountSubgraph(target.stack), shape: "cylinder", cls: "store", key: target.key });
    nodeOf.set(target.key, id);
    return id;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Checking the Mermaid text
// ---------------------------------------------------------------------------------------------

/**
 * Line-by-line check of the Mermaid subset this script writes: the header, balanced
 * subgraph/end, ids that are plain identifiers and not keywords, quoted labels without raw
 * quotes, no id declared twice, edges between declared ids, classes that are defined.
 * Returns a list of problems (empty when the text is well formed).
 */
function checkMermaid(text) {
  const problems = [];
  const declared = new Set();
  const edges = [];
  const classDefs = new Set();
  const classUses = [];
  const styled = [];
  let depth = 0;
  let sawHeader = false;
  const ID = "[A-Za-z][A-Za-z0-9_]*";
  const LABEL = '"[^"]*"';
  const shapes = Object.values(SHAPES).map(([o, c]) => `${o.replace(/[[\](){}]/g, "\\$&")}${LABEL}${c.replace(/[[\](){}]/g, "\\$&")}`);
  const nodeRe = new RegExp(`^(${ID})(?:${shapes.join("|")})$`);
  const subgraphRe = new RegExp(`^subgraph (${ID})\\[${LABEL}\\]$`);
  const edgeRe = new RegExp(`^(${ID}) (-->|-\\.->|==>|-\\.-)(?:\\|${LABEL}\\|)? (${ID})$`);
  const declare = (id, n) => {
    if (RESERVED_IDS.has(id.toLowerCase())) problems.push(`line ${n}: id "${id}" is a Mermaid keyword`);
    if (declared.has(id)) problems.push(`line ${n}: id "${id}" declared twice`);
    declared.add(id);
  };
  text.split("\n").forEach((raw, i) => {
    const n = i + 1;
    const line = raw.trim();
    if (line === "" || line.startsWith("%%")) return;
    if (!sawHeader) {
      if (!/^flowchart (LR|RL|TB|TD|BT)$/.test(line)) problems.push(`line ${n}: expected "flowchart <direction>" first, got "${line}"`);
      sawHeader = true;
      return;
    }
    let m;
    if ((m = subgraphRe.exec(line))) {
      declare(m[1], n);
      if (line.includes("<br/>")) problems.push(`line ${n}: subgraph title of "${m[1]}" spans lines (Mermaid draws it over the content)`);
      depth++;
    } else if (line === "end") {
      if (--depth < 0) problems.push(`line ${n}: "end" without a subgraph`);
    } else if ((m = nodeRe.exec(line))) {
      declare(m[1], n);
    } else if ((m = edgeRe.exec(line))) {
      edges.push([m[1], m[3], n]);
    } else if ((m = /^classDef ([A-Za-z][A-Za-z0-9_]*) [a-z-]+:[^;\s]+(?:,[a-z-]+:[^;\s]+)*;$/.exec(line))) {
      classDefs.add(m[1]);
    } else if ((m = new RegExp(`^class (${ID}(?:,${ID})*) (${ID});$`).exec(line))) {
      classUses.push([m[1].split(","), m[2], n]);
    } else if ((m = new RegExp(`^style (${ID}) [a-z-]+:[^;\\s]+(?:,[a-z-]+:[^;\\s]+)*$`).exec(line))) {
      styled.push([m[1], n]);
    } else {
      problems.push(`line ${n}: not a recognized statement: "${line}"`);
    }
  });
  if (!sawHeader) problems.push("empty diagram");
  if (depth !== 0) problems.push(`${depth} subgraph(s) not closed with "end"`);
  for (const [from, to, n] of edges) for (const id of [from, to]) if (!declared.has(id)) problems.push(`line ${n}: edge end "${id}" is not declared`);
  for (const [ids, cls, n] of classUses) {
    if (!classDefs.has(cls)) problems.push(`line ${n}: class "${cls}" has no classDef`);
    for (const id of ids) if (!declared.has(id)) problems.push(`line ${n}: class on undeclared "${id}"`);
  }
  for (const [id, n] of styled) if (!declared.has(id)) problems.push(`line ${n}: style on undeclared "${id}"`);
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Rendering with mermaid in headless Chromium
// ---------------------------------------------------------------------------------------------

const CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--hide-scrollbars", "--allow-file-access-from-files"];

function findChromium() {
  const candidates = [process.env.CHROMIUM_PATH, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable"];
  return candidates.find((c) => c && fs.existsSync(c));
}

function findMermaidBundle() {
  try {
    return require.resolve("mermaid/dist/mermaid.min.js", { paths: [ROOT] });
  } catch {
    return undefined;
  }
}

/**
 * Parses and renders every diagram in one headless Chromium page with the pinned mermaid bundle.
 * Returns { env: { ok, error, svg, width, height } }.
 */
function renderSvgs(chromium, bundle, diagrams, workDir) {
  const page = path.join(workDir, "render.html");
  const input = diagrams.map((d) => ({ env: d.env, text: d.mermaid }));
  fs.writeFileSync(
    page,
    `<!doctype html><html><head><meta charset="utf-8"><script src="${pathToFileUrl(bundle)}"></script></head>
<body><div id="host"></div><pre id="out">PENDING</pre>
<script>
const input = ${JSON.stringify(input).replace(/</g, "\\u003c")};
(async () => {
  const results = {};
  // Text is measured to size the boxes: wait for the fonts, and render once to warm up, so that
  // every run lays the diagrams out the same way.
  await document.fonts.ready;
  mermaid.initialize({ startOnLoad: false, securityLevel: "strict", deterministicIds: true, handDrawnSeed: 1, theme: "default", htmlLabels: false,
    flowchart: { htmlLabels: false, useMaxWidth: false, curve: "basis", wrappingWidth: 600 } });
  try { await mermaid.render("warm-up", input[0].text); } catch (e) { /* reported below */ }
  document.getElementById("host").innerHTML = "";
  for (const d of input) {
    try {
      await mermaid.parse(d.text);
      const { svg } = await mermaid.render("diagram-" + d.env, d.text);
      // Through the live DOM and XMLSerializer: mermaid's own string may hold HTML-style <br>.
      const host = document.getElementById("host");
      host.innerHTML = svg;
      const root = host.querySelector("svg");
      const box = (root.getAttribute("viewBox") || "").split(/\\s+/).map(Number);
      const xml = new XMLSerializer().serializeToString(root);
      const check = new DOMParser().parseFromString(xml, "image/svg+xml");
      if (check.getElementsByTagName("parsererror").length) throw new Error("the SVG is not well-formed XML");
      results[d.env] = { ok: true, svg: xml, width: box[2] || Number.parseFloat(root.getAttribute("width")), height: box[3] || Number.parseFloat(root.getAttribute("height")) };
      host.innerHTML = "";
    } catch (e) {
      results[d.env] = { ok: false, error: String((e && e.message) || e) };
    }
  }
  document.getElementById("out").textContent = "RESULT " + btoa(unescape(encodeURIComponent(JSON.stringify(results))));
})();
</script></body></html>`,
  );
  const dom = execFileSync(chromium, [...CHROMIUM_FLAGS, "--virtual-time-budget=60000", "--dump-dom", pathToFileUrl(page)], {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
    timeout: 180000,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const m = /RESULT ([A-Za-z0-9+/=]+)/.exec(dom);
  if (!m) throw new Error("Chromium returned no result from the mermaid page");
  return JSON.parse(Buffer.from(m[1], "base64").toString("utf8"));
}

/** A PNG of an SVG file at twice its size, through a Chromium screenshot. */
function renderPng(chromium, svgFile, width, height, pngFile, workDir) {
  const scale = width * height > 6e6 ? 1 : 2;
  const w = Math.ceil(width) + 32;
  const h = Math.ceil(height) + 32;
  const page = path.join(workDir, `${path.basename(svgFile, ".svg")}.html`);
  fs.writeFileSync(page, `<!doctype html><html><body style="margin:0;background:#ffffff"><img style="display:block;margin:16px" src="${pathToFileUrl(svgFile)}" width="${Math.ceil(width)}" height="${Math.ceil(height)}"></body></html>`);
  execFileSync(chromium, [...CHROMIUM_FLAGS, `--force-device-scale-factor=${scale}`, `--window-size=${w},${h}`, `--screenshot=${pngFile}`, pathToFileUrl(page)], {
    timeout: 180000,
    stdio: ["ignore", "ignore", "pipe"],
  });
}

function pathToFileUrl(p) {
  return require("url").pathToFileURL(p).href;
}

// ---------------------------------------------------------------------------------------------
// Output files
// ---------------------------------------------------------------------------------------------

function markdownFor(d, rendered) {
  const stackList = d.sources.map((s) => `\`${s}\``).join(", ");
  const out = [
    `# ${d.env}: architecture`,
    "",
    `Drawn by \`npm run diagram\` (\`scripts/diagram.js\`) from the synthesized stacks ${stackList}`,
    `(AWS account ${d.accountId}, ${d.region}). Do not edit by hand: change the stacks or \`environments/${d.env}.ts\` and run`,
    "`npm run diagram` again.",
    "",
    "```mermaid",
    d.mermaid.trimEnd(),
    "```",
    "",
    "**Reading it.** Thick arrows are the chat request path, solid arrows other traffic and API calls",
    "(labelled with the route destination or the IAM permission), dotted arrows placement (Lambda ENIs), trust",
    "(role -> OIDC provider), gateway-endpoint routes and logs; a plain dotted line ties a NAT gateway to the",
    "subnet it sits in. An arrow from a tier box stands for every subnet of that tier.",
    "",
    "| | |",
    "|---|---|",
    ...d.facts.map(([k, v]) => `| ${k} | ${v} |`),
    "",
  ];
  if (rendered) out.push(`Rendered: [${d.env}.svg](${d.env}.svg), [${d.env}.png](${d.env}.png).`, "");
  return out.join("\n");
}

function parseArgs(argv) {
  const args = { synthDir: undefined, render: true, check: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--synth-dir") args.synthDir = path.resolve(argv[++i] ?? "");
    else if (a.startsWith("--synth-dir=")) args.synthDir = path.resolve(a.slice("--synth-dir=".length));
    else if (a === "--no-render") args.render = false;
    else if (a === "--check") args.check = true;
    else throw new Error(`unknown option ${a} (use --synth-dir DIR, --no-render, --check)`);
  }
  return args;
}

/** Synthesizes every stack into a fresh temporary directory and returns it. */
function synthesize(tmpRoot) {
  execFileSync("npm", ["run", "--silent", "build"], { cwd: ROOT, stdio: "inherit" });
  const dir = path.join(tmpRoot, "cdktf.out");
  execFileSync(process.execPath, [path.join(ROOT, "dist", "main.js")], {
    cwd: ROOT,
    env: { ...process.env, CDKTF_OUTDIR: dir },
    stdio: ["ignore", process.stderr, "inherit"],
  });
  return dir;
}

/**
 * Environments are the `<env>-<layer>` stacks; `bootstrap`, `shared-<account>` and
 * `tfc-<organization>` (Terraform Cloud workspaces, no AWS resources) serve them all.
 */
function environmentsOf(synth) {
  const envs = new Set();
  for (const name of synth.stacks.keys()) {
    if (name === "bootstrap" || /^shared-\d{12}$/.test(name) || name.startsWith("tfc-") || !name.includes("-")) continue;
    envs.add(name.slice(0, name.indexOf("-")));
  }
  return [...envs].sort();
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), "chatbot-diagram-"));
  try {
    const synth = new Synth(args.synthDir ?? synthesize(tmpRoot));
    const envs = environmentsOf(synth);
    const diagrams = envs.map((env) => {
      const d = buildEnvironment(synth, env);
      const header = [`${env}: generated by npm run diagram from ${d.sources.join(", ")}; do not edit`];
      return { ...d, mermaid: d.graph.toMermaid(header) };
    });

    let failed = false;
    for (const d of diagrams) {
      const problems = checkMermaid(d.mermaid);
      if (problems.length) {
        failed = true;
        console.error(`${d.env}.mmd: ${problems.length} problem(s):\n  ${problems.join("\n  ")}`);
      }
    }
    if (failed) throw new Error("the generated Mermaid text did not pass the grammar check; nothing was written");

    const mmdPath = (env) => path.join(OUT_DIR, `${env}.mmd`);
    const mdPath = (env) => path.join(OUT_DIR, `${env}.md`);
    const read = (p) => (fs.existsSync(p) ? fs.readFileSync(p, "utf8") : undefined);
    const renderPaths = (env) => RENDER_EXTENSIONS.map((ext) => path.join(OUT_DIR, `${env}${ext}`));

    if (args.check) {
      const stale = [];
      for (const d of diagrams) {
        const rendered = renderPaths(d.env).every((p) => fs.existsSync(p));
        if (read(mmdPath(d.env)) !== d.mermaid) stale.push(path.relative(ROOT, mmdPath(d.env)));
        if (read(mdPath(d.env)) !== markdownFor(d, rendered)) stale.push(path.relative(ROOT, mdPath(d.env)));
      }
      if (stale.length) {
        console.error(`Diagrams are not current (run npm run diagram): ${stale.join(", ")}`);
        process.exitCode = 1;
      } else console.log(`Diagrams are current: ${diagrams.map((d) => d.env).join(", ")}`);
      return;
    }

    // Renders: in Chromium when it is there; otherwise kept only while the .mmd they show is unchanged.
    fs.mkdirSync(OUT_DIR, { recursive: true });
    const chromium = args.render ? findChromium() : undefined;
    const bundle = args.render ? findMermaidBundle() : undefined;
    const rendered = new Set();
    let how;
    if (chromium && bundle) {
      const results = renderSvgs(chromium, bundle, diagrams, tmpRoot);
      const errors = diagrams.filter((d) => !results[d.env]?.ok).map((d) => `${d.env}: ${results[d.env]?.error ?? "no result"}`);
      if (errors.length) throw new Error(`mermaid rejected the diagram(s); nothing was written:\n  ${errors.join("\n  ")}`);
      for (const d of diagrams) {
        const r = results[d.env];
        const svgFile = path.join(OUT_DIR, `${d.env}.svg`);
        fs.writeFileSync(svgFile, `${r.svg}\n`);
        renderPng(chromium, svgFile, r.width, r.height, path.join(OUT_DIR, `${d.env}.png`), tmpRoot);
        rendered.add(d.env);
      }
      const version = JSON.parse(fs.readFileSync(path.join(path.dirname(bundle), "..", "package.json"), "utf8")).version;
      how = `parsed and rendered with mermaid ${version} in ${path.basename(chromium)}`;
    } else {
      const why = !args.render ? "--no-render" : !chromium ? "no Chromium found (apt-get install chromium, or set CHROMIUM_PATH)" : "the mermaid package is not installed (npm ci)";
      for (const d of diagrams) {
        const current = read(mmdPath(d.env)) === d.mermaid;
        const files = renderPaths(d.env).filter((p) => fs.existsSync(p));
        if (current && files.length === RENDER_EXTENSIONS.length) rendered.add(d.env);
        else for (const f of files) fs.rmSync(f);
      }
      how = `grammar-checked only, SVG/PNG not rendered: ${why}`;
    }

    for (const d of diagrams) {
      fs.writeFileSync(mmdPath(d.env), d.mermaid);
      fs.writeFileSync(mdPath(d.env), markdownFor(d, rendered.has(d.env)));
    }
    // Diagrams of environments that no longer exist.
    for (const file of fs.readdirSync(OUT_DIR)) {
      const m = /^([a-z][a-z0-9]*)\.(mmd|md|svg|png)$/.exec(file);
      if (m && !envs.includes(m[1])) fs.rmSync(path.join(OUT_DIR, file));
    }
    console.log(`Wrote docs/diagrams/ for ${envs.join(", ")} (${how}).`);
  } finally {
    fs.rmSync(tmpRoot, { recursive: true, force: true });
  }
}

if (require.main === module) {
  try {
    main();
  } catch (err) {
    console.error(`npm run diagram: ${err.message}`);
    process.exitCode = 1;
  }
}

module.exports = { Synth, buildEnvironment, checkMermaid, escapeText, renderSvgs, findChromium, findMermaidBundle };
