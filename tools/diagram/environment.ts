/**
 * From stacks to one environment's diagram: the VPC (tiers x AZs, gateways, routes, endpoints,
 * flow logs), later layers by resource type (EKS in the tier of its subnets, databases and caches in
 * the tier of their subnet group, MongoDB Atlas outside AWS behind its PrivateLink endpoint, queues
 * and buckets as regional services), the serverless path (users -> API -> Lambda -> Parameter Store
 * and the AI APIs) and delivery (GitHub Actions roles and what they may touch).
 *
 * The order in which things are drawn decides the ids (`Graph.allocate`), so the committed
 * diagrams stay the same as long as the stacks do.
 */
import { asList, asObject, asStrings, JsonObject, JsonValue } from "../lib/json";
import { Graph, lines, sanitizeId } from "./graph";
import { Item, Ref, Synth } from "./synth";

const TIER_ORDER = ["public", "privateApp", "data"];
const TIER_LABELS: Readonly<Record<string, string>> = { public: "Public subnets", privateApp: "Private app subnets", data: "Data subnets" };
const KNOWN_PROVIDERS: Readonly<Record<string, string>> = { PINECONE: "Pinecone", HYPERCLOVA: "HyperCLOVA X", OPENAI: "OpenAI", ANTHROPIC: "Anthropic" };
const DEFAULT_PORTS: Readonly<Record<string, number>> = { postgres: 5432, "aurora-postgresql": 5432, mysql: 3306, "aurora-mysql": 3306, mariadb: 3306, redis: 6379, valkey: 6379, memcached: 11211 };

/** One environment's diagram and the facts listed under it. */
export interface EnvironmentDiagram {
  readonly env: string;
  readonly graph: Graph;
  /** Stacks whose resources it shows, sorted. */
  readonly sources: string[];
  /** Rows of the facts table: [what, value]. */
  readonly facts: [string, string][];
  readonly region: string;
  readonly accountId: string;
}

/** A subnet as drawn: its node id, tier, AZ and the VPC it is in. */
interface SubnetInfo {
  readonly id: string;
  readonly tier: string;
  readonly az: JsonValue | undefined;
  readonly vpcIndex: number;
}

/** One IAM statement, from a policy-document data source or policy JSON. */
interface Statement {
  /** Stack the statement was written in (where its references resolve). */
  readonly stack: string;
  readonly actions: string[];
  readonly resources: string[];
  readonly principals: { type: string; identifiers: JsonValue[] }[];
  readonly conditions: { variable: string; values: JsonValue[] }[];
}

/** `(value ?? fallback)` for a looked-up record: own keys only. */
function lookup<T>(record: Readonly<Record<string, T>>, key: unknown): T | undefined {
  return typeof key === "string" && Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

function tierLabel(tier: string): string {
  return lookup(TIER_LABELS, tier) ?? `${tier.replace(/([a-z])([A-Z])/g, "$1 $2").replace(/^./, (c) => c.toUpperCase())} subnets`;
}

/** `privateApp` -> `private_app`. */
function snake(text: string): string {
  return sanitizeId(String(text).replace(/([a-z0-9])([A-Z])/g, "$1_$2")).toLowerCase();
}

function tierRank(tier: string): number {
  const i = TIER_ORDER.indexOf(tier);
  return i === -1 ? TIER_ORDER.length : i;
}

/**
 * Short id part of an AZ: the zone number of an AZ ID (`apse2-az1` -> `az1`), or the letter of an
 * AZ name in the region (`ap-southeast-2a` -> `a`).
 */
export function azSuffix(az: JsonValue | undefined, region: string): string {
  const id = /^[a-z]+[0-9]+-(az[0-9]+)$/.exec(String(az ?? ""));
  if (id) return id[1];
  return typeof az === "string" && az && region && az.startsWith(region) ? az.slice(region.length) : String(az ?? "x");
}

/** Where a subnet is: its AZ ID (the same zone in every account), else its AZ name. */
function subnetAz(subnet: Item): JsonValue | undefined {
  return subnet.body.availability_zone_id ?? subnet.body.availability_zone;
}

/** The subnet's `Tier` tag. */
function subnetTier(subnet: Item): string {
  return String(asObject(subnet.body.tags).Tier ?? "untagged");
}

function tagName(item: Item): JsonValue | undefined {
  return asObject(item.body.tags).Name;
}

/** Drops the environment from a resource name so ids stay the same across environments. */
export function withoutEnv(name: unknown, env: string): string {
  return String(name)
    .split(/[-_/]/)
    .filter((part) => part && part !== env)
    .join("_");
}

/** Summary of IAM actions, for an edge label. */
export function summarizeActions(actions: readonly string[], resources: readonly string[]): string {
  const has = (a: string): boolean => actions.includes(a);
  const labels: string[] = [];
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

/** A list of strings from a JSON value that may be one item or a list (IAM JSON's style). */
function stringList(v: JsonValue | undefined): string[] {
  return asList(v).map((x) => String(x));
}

/** Statements of an IAM policy given as a policy-document data source reference or JSON text. */
function policyStatements(synth: Synth, stack: string, value: JsonValue | undefined): Statement[] {
  const doc = synth.ref(stack, value, "aws_iam_policy_document");
  if (doc) {
    return asList(doc.body.statement ?? []).map((raw) => {
      const s = asObject(raw);
      return {
        stack: doc.stack,
        actions: asStrings(s.actions ?? []),
        resources: asStrings(s.resources ?? []),
        principals: asList(s.principals ?? []).map((p) => ({ type: String(asObject(p).type), identifiers: [...asList(asObject(p).identifiers ?? [])] })),
        conditions: asList(s.condition ?? []).map((c) => ({ variable: String(asObject(c).variable), values: [...asList(asObject(c).values ?? [])] })),
      };
    });
  }
  if (typeof value === "string" && value.trim().startsWith("{")) {
    try {
      const parsed = asObject(JSON.parse(value) as JsonValue);
      const list = Array.isArray(parsed.Statement) ? (parsed.Statement as readonly JsonValue[]) : [parsed.Statement];
      return list
        .filter((s): s is JsonValue => Boolean(s))
        .map((raw) => {
          const s = asObject(raw);
          return {
            stack,
            actions: stringList(s.Action),
            resources: stringList(s.Resource),
            principals: Object.entries(asObject(s.Principal)).map(([type, ids]) => ({ type, identifiers: [...asList(ids)] })),
            conditions: Object.values(asObject(s.Condition)).flatMap((o) => Object.entries(asObject(o)).map(([variable, values]) => ({ variable, values: [...asList(values)] }))),
          };
        });
    } catch {
      return [];
    }
  }
  return [];
}

/** Everything the diagram of one environment needs, drawn into a Graph. */
export function buildEnvironment(synth: Synth, env: string): EnvironmentDiagram {
  const envStacks = [...synth.stacks.keys()].filter((n) => n.startsWith(`${env}-`)).sort();
  const g = new Graph();
  const used = new Set(envStacks);
  const home = synth.stacks.get(`${env}-network`) ?? synth.stacks.get(envStacks[0]);
  if (!home) throw new Error(`no stack of environment ${env}`);
  const region = home.region;
  const facts: [string, string][] = [];

  const accountStacks = new Map<string, Set<string>>(); // account subgraph id -> stacks drawn in it
  const accountSubgraph = (stackName: string): string => {
    const s = synth.stacks.get(stackName);
    if (!s) throw new Error(`no stack ${stackName}`);
    accountStacks.set(`acct_${s.accountId}`, new Set([...(accountStacks.get(`acct_${s.accountId}`) ?? []), stackName]));
    const own = s.accountId === home.accountId;
    const label = own ? lines(`AWS account ${s.accountId} · ${env} · ${s.region}`) : lines(`AWS account ${s.accountId} · ${s.region}`);
    return g.subgraph(`acct_${s.accountId}`, label, { style: "account", key: `account:${s.accountId}` });
  };
  const envAccount = accountSubgraph(home.name);
  const nodeOf = new Map<string, string>(); // item key -> node id

  // -- Network: VPC, tiers x AZs, gateways, routes, endpoints ---------------------------------
  const vpcs = synth.all("aws_vpc", envStacks);
  const subnetInfo = new Map<string, SubnetInfo>(); // subnet item key -> where it is drawn
  const tierSubgraph = new Map<string, string>(); // `${vpcIndex}:${tier}` -> subgraph id
  const tierMembers = new Map<string, string[]>(); // `${vpcIndex}:${tier}` -> [subnet node ids]
  const endpointByService = new Map<string, { id: string; subnets: Set<string> }>(); // service short name -> interface endpoint
  let logsNode: string | undefined;
  const logsLabelLines: JsonValue[] = [];

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
    const inVpc = (item: Item): boolean => synth.refs(item.stack, item.body.vpc_id).some((r) => r.key === vpc.key);

    const subnets = synth.all("aws_subnet", envStacks).filter(inVpc);
    subnets.sort((a, b) => {
      const ta = subnetTier(a);
      const tb = subnetTier(b);
      return tierRank(ta) - tierRank(tb) || ta.localeCompare(tb) || String(subnetAz(a)).localeCompare(String(subnetAz(b)));
    });
    const azs = [...new Set(subnets.map(subnetAz))].sort();
    facts.push(["VPC", `${vpc.body.cidr_block}, ${azs.length} AZs (${azs.join(", ")})`]);
    for (const subnet of subnets) {
      const tier = subnetTier(subnet);
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
      tierMembers.get(tierKey)?.push(id);
    }

    /** Edges from a set of subnets: one from the tier when they are the whole tier, else one each. */
    const edgesFromSubnets = (subnetKeys: readonly string[], to: string, label: string, style: "solid" | "dotted"): void => {
      const infos = [...new Set(subnetKeys)].map((k) => subnetInfo.get(k)).filter((i): i is SubnetInfo => Boolean(i));
      const byTier = new Map<string, string[]>();
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

    const natSubnet = (nat: Item): SubnetInfo | undefined => {
      const ref = synth.ref(nat.stack, nat.body.subnet_id, "aws_subnet");
      return ref ? subnetInfo.get(ref.key) : undefined;
    };
    const nats = synth.all("aws_nat_gateway", envStacks).filter((nat) => natSubnet(nat) !== undefined);
    for (const nat of nats) {
      const subnet = natSubnet(nat) as SubnetInfo;
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
    facts.push(["NAT gateways", nats.length ? nats.map((n) => (natSubnet(n) as SubnetInfo).az).join(", ") : "none"]);

    // Route tables: which subnets use each, and where their routes go.
    const routeTables = synth.all("aws_route_table", envStacks).filter(inVpc);
    const associations = synth.all("aws_route_table_association", envStacks);
    const subnetsOfTable = new Map<string, string[]>();
    for (const rt of routeTables) {
      subnetsOfTable.set(
        rt.key,
        associations
          .filter((a) => synth.ref(a.stack, a.body.route_table_id, "aws_route_table")?.key === rt.key)
          .map((a) => synth.ref(a.stack, a.body.subnet_id, "aws_subnet")?.key)
          .filter((k): k is string => Boolean(k)),
      );
    }
    const routes: { table: string; stack: string; body: Readonly<Record<string, JsonValue | undefined>> }[] = [];
    for (const r of synth.all("aws_route", envStacks)) {
      const rt = synth.ref(r.stack, r.body.route_table_id, "aws_route_table");
      if (rt && subnetsOfTable.has(rt.key)) routes.push({ table: rt.key, stack: r.stack, body: r.body });
    }
    for (const rt of routeTables) for (const inline of asList(rt.body.route)) routes.push({ table: rt.key, stack: rt.stack, body: asObject(inline) });
    const routeTargets = new Map<string, string[]>(); // `${target}|${destination}` -> subnet keys
    for (const route of routes) {
      const destination = route.body.destination_cidr_block ?? route.body.destination_ipv6_cidr_block ?? route.body.cidr_block ?? "prefix list";
      for (const field of ["nat_gateway_id", "gateway_id", "vpc_endpoint_id", "transit_gateway_id", "vpc_peering_connection_id"]) {
        const target = synth.ref(route.stack, route.body[field]);
        if (!target || !nodeOf.has(target.key)) continue;
        const k = `${nodeOf.get(target.key)}|${destination}`;
        routeTargets.set(k, [...(routeTargets.get(k) ?? []), ...(subnetsOfTable.get(route.table) ?? [])]);
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
      const keys = subnets.filter((s) => subnetTier(s) === tier).map((s) => s.key);
      const tables = routeTables.filter((rt) => (subnetsOfTable.get(rt.key) ?? []).some((k) => keys.includes(k))).map((rt) => rt.key);
      const hasDefault = routes.some((r) => tables.includes(r.table) && (r.body.destination_cidr_block === "0.0.0.0/0" || r.body.cidr_block === "0.0.0.0/0"));
      const sg = g.subgraphs.get(sgId);
      if (sg && tables.length && !hasDefault) sg.label = lines(`${tierLabel(tier)} · no default route`);
    }

    // Gateway endpoints: reached through the route tables that list them.
    const endpoints = synth.all("aws_vpc_endpoint", envStacks).filter(inVpc);
    const gatewayGroup = g.subgraph(`${p}vpce_gateway`, lines("Gateway endpoints"), { parent: vpcId, style: "group" });
    for (const ep of endpoints.filter((e) => e.body.vpc_endpoint_type === "Gateway")) {
      const service = endpointService(synth, ep, region);
      const id = g.node(`${p}vpce_${service.id}`, lines(service.label, "gateway endpoint"), { parent: gatewayGroup, shape: "hexagon", cls: "endpoint", key: ep.key });
      nodeOf.set(ep.key, id);
      const tables = synth
        .refs(ep.stack, ep.body.route_table_ids)
        .filter((r) => r.type === "aws_route_table")
        .map((r) => r.key);
      edgesFromSubnets(
        tables.flatMap((t) => subnetsOfTable.get(t) ?? []),
        id,
        "prefix list route",
        "dotted",
      );
    }
    // Interface endpoints: ENIs in their subnets, grouped in the tier that holds them.
    const interfaceGroups = new Map<string, string>();
    for (const ep of endpoints.filter((e) => e.body.vpc_endpoint_type !== "Gateway")) {
      const infos = synth
        .refs(ep.stack, ep.body.subnet_ids)
        .map((r) => subnetInfo.get(r.key))
        .filter((i): i is SubnetInfo => Boolean(i));
      const tier = infos[0]?.tier;
      const parentTier = tier ? tierSubgraph.get(`${vpcIndex}:${tier}`) : vpcId;
      const groupKey = tier ?? "vpc";
      if (!interfaceGroups.has(groupKey)) {
        const tierSize = tier ? (tierMembers.get(`${vpcIndex}:${tier}`) ?? []).length : 0;
        const azList = [...new Set(infos.map((i) => i.az))];
        const where = !infos.length ? "" : infos.length === tierSize && tier ? `ENIs in every ${tierLabel(tier).toLowerCase().replace(/s$/, "")}` : `ENIs in ${azList.join(", ")}`;
        interfaceGroups.set(
          groupKey,
          g.subgraph(`${p}vpce_interface_${snake(groupKey)}`, lines(["Interface endpoints", ep.body.private_dns_enabled ? "private DNS" : "", where].filter(Boolean).join(" · ")), { parent: parentTier, style: "group" }),
        );
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
  const placeInTier = (item: Item, subnetValue: JsonValue | undefined, fallbackTier: string): { parent: string; azs: (JsonValue | undefined)[] } => {
    const infos = synth
      .refs(item.stack, subnetValue)
      .map((r) => subnetInfo.get(r.key))
      .filter((i): i is SubnetInfo => Boolean(i));
    const tier = infos[0]?.tier ?? fallbackTier;
    const vpcIndex = infos[0]?.vpcIndex ?? 0;
    const vpc = vpcs[vpcIndex];
    return { parent: tierSubgraph.get(`${vpcIndex}:${tier}`) ?? (vpc ? nodeOf.get(vpc.key) : undefined) ?? envAccount, azs: [...new Set(infos.map((i) => i.az))] };
  };

  for (const cluster of synth.all("aws_eks_cluster", envStacks)) {
    const where = placeInTier(cluster, asObject(cluster.body.vpc_config).subnet_ids, "privateApp");
    const id = g.node(
      `eks_${withoutEnv(cluster.body.name ?? cluster.name, env)}`,
      lines(`EKS ${cluster.body.name ?? cluster.name}`, cluster.body.version ? `Kubernetes ${cluster.body.version}` : "", where.azs.length ? `ENIs in ${where.azs.join(", ")}` : ""),
      {
        parent: where.parent,
        cls: "compute",
        key: cluster.key,
      },
    );
    nodeOf.set(cluster.key, id);
  }
  for (const ng of synth.all("aws_eks_node_group", envStacks)) {
    const where = placeInTier(ng, ng.body.subnet_ids, "privateApp");
    const scaling = asObject(ng.body.scaling_config);
    const size = scaling.min_size !== undefined ? `${scaling.min_size}-${scaling.max_size} nodes` : "";
    const id = g.node(
      `nodegroup_${withoutEnv(ng.body.node_group_name ?? ng.name, env)}`,
      lines(`Node group ${ng.body.node_group_name ?? ng.name}`, [asList(ng.body.instance_types ?? []).join(", "), size].filter(Boolean).join(" · "), where.azs.length ? `in ${where.azs.join(", ")}` : ""),
      {
        parent: where.parent,
        cls: "compute",
        key: ng.key,
      },
    );
    nodeOf.set(ng.key, id);
    const cluster = synth.ref(ng.stack, ng.body.cluster_name, "aws_eks_cluster");
    if (cluster && nodeOf.has(cluster.key)) g.edge(nodeOf.get(cluster.key), id, "workers", "link");
  }

  const dataServices: { id: string; port: JsonValue | undefined }[] = [];
  const subnetGroupSubnets = (item: Item, field: string, groupType: string): JsonValue | undefined => {
    const group = synth.ref(item.stack, item.body[field], groupType);
    return group ? group.body.subnet_ids : undefined;
  };
  for (const db of [...synth.all("aws_db_instance", envStacks), ...synth.all("aws_rds_cluster", envStacks)]) {
    if (db.type === "aws_db_instance" && db.body.cluster_identifier) continue; // drawn as its cluster
    const where = placeInTier(db, subnetGroupSubnets(db, "db_subnet_group_name", "aws_db_subnet_group"), "data");
    const engine = db.body.engine ?? "db";
    const name = db.body.identifier ?? db.body.cluster_identifier ?? db.name;
    const id = g.node(
      `rds_${withoutEnv(name, env)}`,
      lines(`RDS ${engine}${db.body.engine_version ? ` ${db.body.engine_version}` : ""}`, name, [db.body.instance_class, db.body.multi_az ? "Multi-AZ" : ""].filter(Boolean).join(" · ")),
      {
        parent: where.parent,
        shape: "cylinder",
        cls: "store",
        key: db.key,
      },
    );
    nodeOf.set(db.key, id);
    dataServices.push({ id, port: db.body.port ?? lookup(DEFAULT_PORTS, engine) });
  }
  for (const cache of synth.all("aws_elasticache_replication_group", envStacks)) {
    const where = placeInTier(cache, subnetGroupSubnets(cache, "subnet_group_name", "aws_elasticache_subnet_group"), "data");
    const engine = cache.body.engine ?? "redis";
    const name = cache.body.replication_group_id ?? cache.name;
    const count = cache.body.num_cache_clusters ?? cache.body.num_node_groups;
    const id = g.node(
      `cache_${withoutEnv(name, env)}`,
      lines(`ElastiCache ${engine}`, name, [cache.body.node_type, count ? `${count} nodes` : "", cache.body.automatic_failover_enabled ? "failover" : ""].filter(Boolean).join(" · ")),
      {
        parent: where.parent,
        shape: "cylinder",
        cls: "store",
        key: cache.key,
      },
    );
    nodeOf.set(cache.key, id);
    dataServices.push({ id, port: cache.body.port ?? lookup(DEFAULT_PORTS, engine) });
  }
  const appTier = tierSubgraph.get("0:privateApp");
  for (const svc of dataServices) if (appTier) g.edge(appTier, svc.id, svc.port ? `TCP ${svc.port}` : undefined, "solid");

  // MongoDB Atlas: outside AWS; its PrivateLink endpoint service is what an interface endpoint targets.
  for (const type of ["mongodbatlas_advanced_cluster", "mongodbatlas_cluster"]) {
    for (const cluster of synth.all(type, envStacks)) {
      const atlas = g.subgraph("mongodb_atlas", lines("MongoDB Atlas"), { style: "group", key: "mongodb_atlas" });
      const id = g.node(
        `atlas_${withoutEnv(cluster.body.name ?? cluster.name, env)}`,
        lines(`Atlas cluster ${cluster.body.name ?? cluster.name}`, cluster.body.mongo_db_major_version ? `MongoDB ${cluster.body.mongo_db_major_version}` : ""),
        {
          parent: atlas,
          shape: "cylinder",
          cls: "external",
          key: cluster.key,
        },
      );
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
  const regional = (): string => g.subgraph("regional_services", lines(`Regional services · ${region}`), { parent: envAccount, style: "group", key: "regional_services" });
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
  const stackGroup = (stack: string): string => g.subgraph(`stack_${withoutEnv(stack, env)}`, lines(stack), { parent: envAccount, style: "group", key: `stack:${stack}` });
  for (const fn of functions) {
    const vpcConfig = asList(fn.body.vpc_config)[0];
    const subnetKeys = vpcConfig
      ? synth
          .refs(fn.stack, asObject(vpcConfig).subnet_ids)
          .filter((r) => r.type === "aws_subnet")
          .map((r) => r.key)
      : [];
    const inVpc = subnetKeys.length > 0;
    const id = g.node(
      `lambda_${withoutEnv(fn.body.function_name ?? fn.name, env)}`,
      lines(
        `Lambda ${fn.body.function_name ?? fn.name}`,
        [fn.body.runtime, fn.body.memory_size ? `${fn.body.memory_size} MB` : "", fn.body.timeout ? `${fn.body.timeout} s` : ""].filter(Boolean).join(" · "),
        [fn.body.reserved_concurrent_executions !== undefined ? `reserved concurrency ${fn.body.reserved_concurrent_executions}` : "", inVpc ? "in the VPC" : "outside the VPC"].filter(Boolean).join(" · "),
      ),
      { parent: stackGroup(fn.stack), cls: "compute", key: fn.key },
    );
    nodeOf.set(fn.key, id);
    facts.push([
      `Lambda ${fn.body.function_name ?? fn.name}`,
      inVpc
        ? `in the VPC (${subnetKeys
            .map((k) => subnetInfo.get(k)?.az)
            .filter(Boolean)
            .join(", ")})`
        : "outside the VPC",
    ]);
    if (inVpc) {
      const vpcIndex = subnetInfo.get(subnetKeys[0])?.vpcIndex ?? 0;
      const infos = subnetKeys.map((k) => subnetInfo.get(k)).filter((i): i is SubnetInfo => Boolean(i));
      const tier = infos[0]?.tier;
      const all = tierMembers.get(`${vpcIndex}:${tier}`) ?? [];
      if (infos.length === all.length && all.length > 1 && infos.every((i) => i.tier === tier)) g.edge(id, tierSubgraph.get(`${vpcIndex}:${tier}`), "ENIs", "dotted");
      else for (const info of infos) g.edge(id, info.id, "ENI", "dotted");
    }
    const logGroup = synth.ref(fn.stack, asObject(fn.body.logging_config).log_group, "aws_cloudwatch_log_group");
    if (logsNode && logGroup) g.edge(id, logsNode, "function logs", "dotted");

    // Parameter Store: the parameters whose names the function is given.
    const envValues = Object.values(asObject(asObject(fn.body.environment).variables)).map(String);
    // SecureStrings are created outside Terraform: their names are the function's settings that
    // name a parameter under the environment's path (or, in older stacks, aws_ssm_parameter resources).
    const managed = synth.all("aws_ssm_parameter", envStacks).filter((prm) => typeof prm.body.name === "string" && envValues.includes(prm.body.name));
    const parameters: { stack: string; name: string; type: JsonValue | undefined; keyId: JsonValue | undefined }[] = managed.length
      ? managed.map((prm) => ({ stack: prm.stack, name: String(prm.body.name), type: prm.body.type, keyId: prm.body.key_id }))
      : envValues.filter((v) => v.startsWith(`/chatbot/${env}/`)).map((name) => ({ stack: fn.stack, name, type: "SecureString", keyId: true }));
    const byPrefix = new Map<string, typeof parameters>();
    for (const prm of parameters) {
      const prefix = prm.name.includes("/") ? prm.name.slice(0, prm.name.lastIndexOf("/") + 1) : "/";
      byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), prm]);
    }
    for (const [prefix, list] of byPrefix) {
      const types = [...new Set(list.map((x) => x.type ?? "String"))].join(", ");
      const pid = g.node(
        `params_${withoutEnv(prefix, env) || "root"}`,
        lines(`Parameter Store ${prefix}`, ...list.map((x) => x.name.slice(prefix.length)), `${types}${list.every((x) => x.keyId) ? " · KMS" : ""}`),
        {
          parent: stackGroup(list[0].stack),
          shape: "cylinder",
          cls: "store",
          key: `params:${prefix}`,
        },
      );
      const ssmEndpoint = endpointByService.get("ssm");
      const viaEndpoint = inVpc && ssmEndpoint && subnetKeys.some((k) => ssmEndpoint.subnets.has(subnetInfo.get(k)?.id as string));
      if (viaEndpoint && ssmEndpoint) {
        g.edge(id, ssmEndpoint.id, "read secrets", "solid");
        g.edge(ssmEndpoint.id, pid, "PrivateLink", "solid");
      } else {
        g.edge(id, pid, "read secrets", "solid");
      }
    }

    // External AI APIs: the providers whose API keys the function is given.
    const providers = [...new Set(parameters.map((prm) => /([A-Z0-9]+)_API_KEY$/.exec(prm.name)?.[1]).filter((x): x is string => Boolean(x)))];
    if (providers.length) {
      const names = providers.map((x) => lookup(KNOWN_PROVIDERS, x) ?? x.charAt(0) + x.slice(1).toLowerCase());
      const ai = g.node("ai_apis", lines("External AI APIs", names.join(" · ")), { shape: "round", cls: "external", key: "ai_apis" });
      const igwKey = synth.all("aws_internet_gateway", envStacks)[0]?.key;
      if (inVpc && igwKey && nodeOf.has(igwKey)) g.edge(nodeOf.get(igwKey), ai, "HTTPS", "solid");
      else if (inVpc) g.edge(id, ai, "HTTPS (no NAT route drawn)", "solid");
      else g.edge(id, ai, "HTTPS via the Lambda service", "solid");
    }
  }
  for (const api of apis) {
    const stage = synth.all("aws_apigatewayv2_stage", envStacks).find((s) => synth.ref(s.stack, s.body.api_id)?.key === api.key);
    const throttle = stage ? asList(stage.body.default_route_settings)[0] : undefined;
    const throttling = asObject(throttle);
    const routes = synth.all("aws_apigatewayv2_route", envStacks).filter((r) => synth.ref(r.stack, r.body.api_id)?.key === api.key);
    const id = g.node(
      `api_${withoutEnv(api.body.name ?? api.name, env)}`,
      lines(
        `API Gateway ${api.body.protocol_type ?? ""} API`.replace(/\s+/g, " "),
        api.body.name,
        routes.map((r) => r.body.route_key).join(", "),
        throttle && throttling.throttling_rate_limit !== undefined ? `throttle ${throttling.throttling_rate_limit} rps, burst ${throttling.throttling_burst_limit}` : "",
      ),
      { parent: stackGroup(api.stack), cls: "api", key: api.key },
    );
    nodeOf.set(api.key, id);
    const origins = asList(asObject(api.body.cors_configuration).allow_origins ?? []);
    const usersNode = g.node("users", lines("Chat clients", origins.length ? `CORS: ${origins.map((o) => (o === "*" ? "any origin" : o)).join(", ")}` : ""), { shape: "stadium", cls: "external", key: "users" });
    // Behind a CloudFront distribution the API is reached through it (drawn with the edge below), not directly.
    if (!frontedByCloudFront(synth, envStacks, api)) g.edge(usersNode, id, `HTTPS ${routes.map((r) => r.body.route_key).join(", ")}`, "thick");
    for (const route of routes) {
      const integration = synth.ref(route.stack, route.body.target, "aws_apigatewayv2_integration");
      const target = integration && synth.ref(integration.stack, integration.body.integration_uri, "aws_lambda_function");
      if (integration && target && nodeOf.has(target.key)) {
        const kind = integration.body.integration_type;
        g.edge(id, nodeOf.get(target.key), kind === "AWS_PROXY" ? "Lambda proxy" : kind === undefined || kind === null ? undefined : String(kind), "thick");
      }
    }
    if (logsNode && stage && synth.ref(stage.stack, asObject(stage.body.access_log_settings).destination_arn, "aws_cloudwatch_log_group")) g.edge(id, logsNode, "access logs", "dotted");
  }

  // -- Delivery: GitHub Actions roles and what they may touch ----------------------------------
  const githubGroup = (): string => g.subgraph("github", lines("GitHub"), { style: "group", key: "github" });
  const roles = synth.all("aws_iam_role", envStacks);
  for (const role of roles) {
    const trust = policyStatements(synth, role.stack, role.body.assume_role_policy);
    const federated: { provider: Ref; subjects: JsonValue[] }[] = [];
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
    const attached = synth
      .all("aws_iam_role_policy_attachment", envStacks)
      .filter((a) => synth.ref(a.stack, a.body.role, "aws_iam_role")?.key === role.key)
      .map((a) => String(a.body.policy_arn).split("/").pop());
    const roleName = role.body.name ?? role.name;
    const rid = g.node(`role_${withoutEnv(roleName, env)}`, lines(`IAM role ${roleName}`, attached.length ? `+ ${attached.join(", ")}` : ""), { parent: stackGroup(role.stack), cls: "iam", key: role.key });
    nodeOf.set(role.key, rid);
    for (const { provider, subjects } of federated) {
      used.add(provider.stack);
      const oidc = g.node("oidc_github", lines("IAM OIDC provider", String(provider.body.url).replace(/^https:\/\//, "")), { parent: accountSubgraph(provider.stack), cls: "iam", key: provider.key });
      g.edge(rid, oidc, "trusts", "dotted");
      const repos = [...new Set(subjects.map((s) => /^repo:([^:]+):/.exec(String(s))?.[1]).filter(Boolean))];
      const gha = g.node("github_actions", lines("GitHub Actions", ...repos), { parent: githubGroup(), cls: "github", key: "github_actions" });
      g.edge(gha, rid, ["assume role (OIDC)", ...subjects.map((s) => String(s).replace(/^repo:[^:]+:/, ""))], "solid");
    }
    // Permissions: inline policies whose resources are drawn (or drawable) nodes.
    // Every statement naming the same target adds up to one edge, labelled by what it allows.
    const grants = new Map<string, { actions: Set<string>; resources: Set<string> }>(); // node id -> what it allows
    const inline = synth.all("aws_iam_role_policy", envStacks).filter((p) => synth.ref(p.stack, p.body.role, "aws_iam_role")?.key === role.key);
    for (const policy of inline) {
      for (const st of policyStatements(synth, policy.stack, policy.body.policy)) {
        for (const resource of st.resources) {
          for (const target of resolveResourceTargets(synth, st.stack, resource)) {
            const to = nodeOf.get(target.key) ?? drawSharedTarget(synth, g, target, accountSubgraph, used, nodeOf, env);
            if (!to) continue;
            const grant = grants.get(to) ?? { actions: new Set<string>(), resources: new Set<string>() };
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

  drawEdge(synth, g, env, envStacks, envAccount, nodeOf, logsNode, placeInTier, facts);
  drawObservability(synth, g, env, envStacks, envAccount, nodeOf, facts);

  // Titles of the per-stack groups name the layer as well as the stack.
  for (const stack of envStacks) {
    const sgId = g.byKey.get(`stack:${stack}`);
    const sg = sgId === undefined ? undefined : g.subgraphs.get(sgId);
    if (sg) sg.label = lines(`${stack.slice(env.length + 1)} · ${stack}`);
  }

  // Other accounts' boxes name the stacks whose resources they show.
  for (const [id, stacks] of accountStacks) {
    const sgId = g.byKey.get(`account:${id.slice("acct_".length)}`);
    const sg = sgId === undefined ? undefined : g.subgraphs.get(sgId);
    if (sg && id !== `acct_${home.accountId}`) sg.label = `${sg.label} · ${[...stacks].sort().join(", ")}`;
  }

  const sources = [...used].sort();
  return { env, graph: g, sources, facts, region, accountId: home.accountId };
}

/** Short id and label of a VPC endpoint's service, and the node it leads to (Atlas). */
function endpointService(synth: Synth, ep: Item, region: string): { id: string; label: string; target?: string } {
  const name = String(ep.body.service_name ?? "");
  const atlas = synth.refs(ep.stack, name).find((r) => r.type.startsWith("mongodbatlas_"));
  if (atlas) return { id: "mongodb_atlas", label: "MongoDB Atlas PrivateLink" };
  const short = name.replace(new RegExp(`^com\\.amazonaws\\.${region.replace(/[-]/g, "\\-")}\\.`), "").replace(/^com\.amazonaws\.[a-z0-9-]+\./, "");
  return { id: sanitizeId(short).toLowerCase(), label: short };
}

/** The items an IAM resource string names: references, or ARNs of buckets, clusters and tables anywhere. */
function resolveResourceTargets(synth: Synth, stack: string, resource: string): Item[] {
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
    if (owner) return synth.all("aws_s3_bucket", [owner.stack]).filter((b) => synth.isStateBucket(b.body.bucket));
  }
  return [];
}

/** Draws a resource of another stack (ECR repository, state bucket) in its account's box, once. */
function drawSharedTarget(
  synth: Synth,
  g: Graph,
  target: Item,
  accountSubgraph: (stack: string) => string,
  used: Set<string>,
  nodeOf: Map<string, string>,
  env: string,
): string | undefined {
  if (target.type === "aws_ecr_repository") {
    used.add(target.stack);
    const flags = [target.body.image_tag_mutability === "IMMUTABLE" ? "immutable tags" : "", asObject(target.body.image_scanning_configuration).scan_on_push ? "scan on push" : ""].filter(Boolean).join(" · ");
    const id = g.node(`ecr_${sanitizeId(target.body.name)}`, lines(`ECR ${target.body.name}`, flags), { parent: accountSubgraph(target.stack), shape: "cylinder", cls: "store", key: target.key });
    nodeOf.set(target.key, id);
    return id;
  }
  if (target.type === "aws_s3_bucket") {
    used.add(target.stack);
    const isState = synth.isStateBucket(target.body.bucket);
    const id = g.node(`s3_${withoutEnv(target.body.bucket, env)}`, lines(`S3 ${target.body.bucket}`, isState ? "Terraform state" : ""), { parent: accountSubgraph(target.stack), shape: "cylinder", cls: "store", key: target.key });
    nodeOf.set(target.key, id);
    return id;
  }
  return undefined;
}

/** Where a resource is placed: the subgraph of the tier of its subnets, and their AZs. */
type PlaceInTier = (item: Item, subnetValue: JsonValue | undefined, fallbackTier: string) => { parent: string; azs: (JsonValue | undefined)[] };

/** Types only the edge creates; an environment without any of them has no edge drawn. */
const EDGE_TYPES = ["aws_cloudfront_distribution", "aws_wafv2_web_acl", "aws_route53_zone", "aws_lb"];

/** Types only the observability layer creates; alarms and topics of other layers are drawn only beside them. */
const OBSERVABILITY_TYPES = ["aws_cloudwatch_dashboard", "aws_budgets_budget", "aws_ce_anomaly_monitor"];

/** The CloudFront distribution origins of an environment: the distribution, the origin, and the path patterns routed to it. */
function origins(synth: Synth, envStacks: readonly string[]): { dist: Item; origin: JsonObject; patterns: string[] }[] {
  const out: { dist: Item; origin: JsonObject; patterns: string[] }[] = [];
  for (const dist of synth.all("aws_cloudfront_distribution", envStacks)) {
    const defaultTarget = asObject(asList(dist.body.default_cache_behavior)[0]).target_origin_id;
    const ordered = asList(dist.body.ordered_cache_behavior).map((b) => asObject(b));
    for (const raw of asList(dist.body.origin)) {
      const origin = asObject(raw);
      const patterns = ordered.filter((b) => b.target_origin_id === origin.origin_id).map((b) => String(b.path_pattern));
      if (defaultTarget === origin.origin_id) patterns.push("default");
      out.push({ dist, origin, patterns });
    }
  }
  return out;
}

/** Whether a CloudFront distribution of the environment has the API as an origin. */
function frontedByCloudFront(synth: Synth, envStacks: readonly string[], api: Item): boolean {
  return origins(synth, envStacks).some(({ dist, origin }) => synth.refs(dist.stack, origin.domain_name).some((r) => r.key === api.key));
}

/**
 * The public edge: viewers through Route 53 to CloudFront (with its certificate, web ACL and
 * functions), and CloudFront to its origins (the S3 frontend, the HTTP API, the load balancer in
 * front of EKS). Drawn only when one of EDGE_TYPES is in the environment's stacks.
 */
function drawEdge(
  synth: Synth,
  g: Graph,
  env: string,
  envStacks: readonly string[],
  envAccount: string,
  nodeOf: Map<string, string>,
  logsNode: string | undefined,
  placeInTier: PlaceInTier,
  facts: [string, string][],
): void {
  if (!EDGE_TYPES.some((t) => synth.all(t, envStacks).length)) return;
  const edgeGroup = (): string => g.subgraph("edge", lines("Edge · global (CloudFront, WAF, Route 53)"), { parent: envAccount, style: "group", key: "edge" });
  const viewers = (): string => g.node("users", lines("Chat clients"), { shape: "stadium", cls: "external", key: "users" });

  // Load balancers: in the tier of their subnets, with their listeners and target groups.
  for (const lb of synth.all("aws_lb", envStacks)) {
    const where = placeInTier(lb, lb.body.subnets, "public");
    const name = lb.body.name ?? lb.name;
    const listeners = synth.all("aws_lb_listener", envStacks).filter((l) => synth.ref(l.stack, l.body.load_balancer_arn, "aws_lb")?.key === lb.key);
    const id = g.node(
      `alb_${withoutEnv(name, env)}`,
      lines(
        `${lb.body.load_balancer_type === "network" ? "NLB" : "ALB"} ${name}`,
        lb.body.internal ? "internal" : "internet-facing",
        listeners.map((l) => `${l.body.protocol ?? "HTTP"} ${l.body.port ?? ""}`.trim()).join(", "),
        where.azs.length ? `in ${where.azs.join(", ")}` : "",
      ),
      { parent: where.parent, shape: "hexagon", cls: "gateway", key: lb.key },
    );
    nodeOf.set(lb.key, id);
    // IP target groups are bound to the backend's pods by the load balancer controller: drawn to the cluster.
    const groups = synth.all("aws_lb_target_group", envStacks).filter((tg) => listeners.some((l) => synth.refs(l.stack, l.body.default_action).some((r) => r.key === tg.key)));
    const clusters = synth.all("aws_eks_cluster", envStacks).map((c) => nodeOf.get(c.key));
    for (const tg of groups) {
      const health = asObject(asList(tg.body.health_check)[0]).path;
      const label = [`target group ${tg.body.name ?? tg.name}`, tg.body.target_type ? `${tg.body.target_type} targets` : "", health ? `health ${health}` : ""].filter(Boolean).join(" · ");
      for (const cluster of clusters) g.edge(id, cluster, label, "solid");
    }
    facts.push([`Load balancer ${name}`, `${lb.body.internal ? "internal" : "internet-facing"}${lb.body.enable_deletion_protection ? ", deletion protection" : ""}`]);
  }

  // Web ACLs (scope CLOUDFRONT lives in us-east-1) and where they log.
  for (const acl of synth.all("aws_wafv2_web_acl", envStacks)) {
    const rules = asList(acl.body.rule).map((r) => asObject(r));
    const id = g.node(`waf_${withoutEnv(acl.body.name ?? acl.name, env)}`, lines(`WAF web ACL ${acl.body.name ?? acl.name}`, `${acl.body.scope ?? "REGIONAL"} · ${rules.length} rules`, ...rules.map((r) => r.name)), {
      parent: edgeGroup(),
      cls: "iam",
      key: acl.key,
    });
    nodeOf.set(acl.key, id);
    for (const lc of synth.all("aws_wafv2_web_acl_logging_configuration", envStacks)) {
      if (synth.ref(lc.stack, lc.body.resource_arn, "aws_wafv2_web_acl")?.key === acl.key && logsNode) g.edge(id, logsNode, "WAF logs", "dotted");
    }
    facts.push([`WAF web ACL ${acl.body.name ?? acl.name}`, `${acl.body.scope ?? "REGIONAL"}, ${rules.length} rules`]);
  }

  // Certificates, functions and key value stores are drawn when a distribution uses them.
  const certificate = (item: Item | undefined): string | undefined => {
    if (!item) return undefined;
    const cert = g.node(`acm_${domainId(item.body.domain_name ?? item.name, env)}`, lines(`ACM certificate`, item.body.domain_name, item.body.validation_method ? `${item.body.validation_method} validated` : ""), {
      parent: edgeGroup(),
      cls: "iam",
      key: item.key,
    });
    nodeOf.set(item.key, cert);
    return cert;
  };

  for (const dist of synth.all("aws_cloudfront_distribution", envStacks)) {
    const name = dist.body.comment ?? dist.name;
    const aliases = asStrings(dist.body.aliases ?? []);
    const id = g.node(
      `cloudfront_${withoutEnv(name, env)}`,
      lines(`CloudFront ${name}`, aliases.join(", "), [dist.body.price_class, dist.body.http_version].filter(Boolean).join(" · ")),
      { parent: edgeGroup(), shape: "hexagon", cls: "gateway", key: dist.key },
    );
    nodeOf.set(dist.key, id);
    g.edge(viewers(), id, "HTTPS", "thick");
    const acl = synth.ref(dist.stack, dist.body.web_acl_id, "aws_wafv2_web_acl");
    if (acl && nodeOf.has(acl.key)) g.edge(nodeOf.get(acl.key), id, "inspects requests", "dotted");
    const viewerCert = asObject(asList(dist.body.viewer_certificate)[0]);
    g.edge(certificate(synth.ref(dist.stack, viewerCert.acm_certificate_arn, "aws_acm_certificate")), id, "TLS", "link");
    const behaviors = [...asList(dist.body.default_cache_behavior), ...asList(dist.body.ordered_cache_behavior)].map((b) => asObject(b));
    for (const assoc of behaviors.flatMap((b) => asList(b.function_association).map((a) => asObject(a)))) {
      const fn = synth.ref(dist.stack, assoc.function_arn, "aws_cloudfront_function");
      if (!fn) continue;
      const fid = g.node(`cf_function_${withoutEnv(fn.body.name ?? fn.name, env)}`, lines(`CloudFront function ${fn.body.name ?? fn.name}`, fn.body.runtime), { parent: edgeGroup(), cls: "compute", key: fn.key });
      g.edge(id, fid, String(assoc.event_type ?? "viewer-request"), "link");
      for (const kvs of synth.refs(fn.stack, fn.body.key_value_store_associations).filter((r) => r.type === "aws_cloudfront_key_value_store")) {
        const kid = g.node(`kvs_${withoutEnv(kvs.body.name ?? kvs.name, env)}`, lines(`KeyValueStore ${kvs.body.name ?? kvs.name}`), { parent: edgeGroup(), shape: "cylinder", cls: "store", key: kvs.key });
        g.edge(fid, kid, "reads", "dotted");
      }
    }
    facts.push([`CloudFront ${name}`, [aliases.join(", ") || "default domain name", dist.body.price_class, acl ? `WAF ${acl.body.name ?? acl.name}` : "no WAF"].filter(Boolean).join(", ")]);
  }

  // Origins: the S3 frontend (through its origin access control), the HTTP API, the load balancer.
  for (const { dist, origin, patterns } of origins(synth, envStacks)) {
    const from = nodeOf.get(dist.key);
    const target = synth.refs(dist.stack, origin.domain_name).find((r) => ["aws_s3_bucket", "aws_apigatewayv2_api", "aws_lb"].includes(r.type));
    const to = target ? nodeOf.get(target.key) : undefined;
    const via = origin.origin_access_control_id ? "origin access control" : target?.type === "aws_s3_bucket" ? "" : "HTTPS";
    g.edge(from, to, [patterns.join(", "), via].filter(Boolean).join(" · "), "thick");
  }

  // DNS: zones, and their alias records to the distribution or the load balancer.
  for (const zone of synth.all("aws_route53_zone", envStacks)) {
    const zid = g.node(`route53_${domainId(zone.body.name ?? zone.name, env)}`, lines(`Route 53 zone ${zone.body.name ?? zone.name}`), { parent: edgeGroup(), shape: "round", cls: "endpoint", key: zone.key });
    g.edge(viewers(), zid, "DNS", "dotted");
    for (const record of synth.all("aws_route53_record", envStacks).filter((r) => synth.ref(r.stack, r.body.zone_id, "aws_route53_zone")?.key === zone.key)) {
      for (const alias of synth.refs(record.stack, record.body.alias).filter((r) => nodeOf.has(r.key))) {
        g.edge(zid, nodeOf.get(alias.key), `alias ${record.body.type ?? ""}`.trim(), "dotted");
      }
    }
  }
}

/**
 * Operators' eyes: alarms grouped by namespace and the topic they notify, dashboards, budgets and
 * anomaly detection. Drawn only when one of OBSERVABILITY_TYPES is in the environment's stacks.
 */
function drawObservability(synth: Synth, g: Graph, env: string, envStacks: readonly string[], envAccount: string, nodeOf: Map<string, string>, facts: [string, string][]): void {
  if (!OBSERVABILITY_TYPES.some((t) => synth.all(t, envStacks).length)) return;
  const group = g.subgraph("observability", lines("Observability"), { parent: envAccount, style: "group", key: "observability" });
  const topics = new Map<string, string>();
  for (const topic of synth.all("aws_sns_topic", envStacks)) {
    const subs = synth.all("aws_sns_topic_subscription", envStacks).filter((s) => synth.ref(s.stack, s.body.topic_arn, "aws_sns_topic")?.key === topic.key);
    const protocols = [...new Set(subs.map((s) => String(s.body.protocol)))].map((p) => `${subs.filter((s) => s.body.protocol === p).length} ${p}`);
    const id = g.node(`sns_${withoutEnv(topic.body.name ?? topic.name, env)}`, lines(`SNS ${topic.body.name ?? topic.name}`, protocols.length ? `subscribers: ${protocols.join(", ")}` : "", topic.body.kms_master_key_id ? "KMS-encrypted" : ""), {
      parent: group,
      shape: "subroutine",
      cls: "api",
      key: topic.key,
    });
    nodeOf.set(topic.key, id);
    topics.set(topic.key, id);
  }
  // Alarms: one node per topic they notify (or none), a line per namespace and region.
  const alarms = synth.all("aws_cloudwatch_metric_alarm", envStacks);
  const byTarget = new Map<string, Item[]>();
  for (const alarm of alarms) {
    const topic = synth.refs(alarm.stack, alarm.body.alarm_actions).find((r) => topics.has(r.key));
    const k = topic ? topic.key : "";
    byTarget.set(k, [...(byTarget.get(k) ?? []), alarm]);
  }
  for (const [topicKey, list] of [...byTarget.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const counts = new Map<string, number>();
    for (const alarm of list) {
      const namespaces = [alarm.body.namespace, ...asList(alarm.body.metric_query).map((q) => asObject(asList(asObject(q).metric)[0]).namespace)].filter((x) => typeof x === "string");
      const provider = String(alarm.body.provider ?? "");
      const where = provider.includes(".") ? ` (${providerRegion(synth, alarm.stack, provider)})` : "";
      const line = `${namespaces[0] ?? "metric math"}${where}`;
      counts.set(line, (counts.get(line) ?? 0) + 1);
    }
    const rows = [...counts.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([ns, n]) => `${ns} x${n}`);
    const id = g.node(`alarms_${topicKey ? withoutEnv(synth.all("aws_sns_topic", envStacks).find((t) => t.key === topicKey)?.body.name ?? "topic", env) : "unrouted"}`, lines(`CloudWatch alarms (${list.length})`, ...rows), { parent: group, cls: "store", key: `alarms:${topicKey}` });
    if (topicKey) g.edge(id, topics.get(topicKey), "alarm actions", "solid");
  }
  for (const dash of synth.all("aws_cloudwatch_dashboard", envStacks)) {
    g.node(`dashboard_${withoutEnv(dash.body.dashboard_name ?? dash.name, env)}`, lines(`CloudWatch dashboard ${dash.body.dashboard_name ?? dash.name}`), { parent: group, cls: "store", key: dash.key });
  }
  for (const budget of synth.all("aws_budgets_budget", envStacks)) {
    const notes = asList(budget.body.notification).map((n) => asObject(n));
    const id = g.node(
      `budget_${withoutEnv(budget.body.name ?? budget.name, env)}`,
      lines(`Budget ${budget.body.name ?? budget.name}`, budget.body.limit_amount ? `${budget.body.limit_amount} ${budget.body.limit_unit ?? "USD"} / ${String(budget.body.time_unit ?? "MONTHLY").toLowerCase()}` : "", notes.map((n) => `${n.notification_type} ${n.threshold}%`).join(", ")),
      { parent: group, cls: "external", key: budget.key },
    );
    for (const n of notes) for (const t of synth.refs(budget.stack, n.subscriber_sns_topic_arns).filter((r) => topics.has(r.key))) g.edge(id, topics.get(t.key), "alerts", "solid");
  }
  for (const monitor of synth.all("aws_ce_anomaly_monitor", envStacks)) {
    const id = g.node(`anomaly_${withoutEnv(monitor.body.name ?? monitor.name, env)}`, lines(`Cost anomaly monitor ${monitor.body.name ?? monitor.name}`, monitor.body.monitor_dimension ?? monitor.body.monitor_type), { parent: group, cls: "external", key: monitor.key });
    for (const sub of synth.all("aws_ce_anomaly_subscription", envStacks).filter((s) => synth.refs(s.stack, s.body.monitor_arn_list).some((r) => r.key === monitor.key))) {
      for (const t of synth.refs(sub.stack, sub.body.subscriber).filter((r) => topics.has(r.key))) g.edge(id, topics.get(t.key), "anomalies", "solid");
    }
  }
  facts.push(["Alarms", `${alarms.length} (${[...topics.keys()].length ? "notify SNS" : "no topic"})`]);
}

/** A domain name without the environment's label, for ids that match across environments (`dev.chat.example.com` -> `chat_example_com`). */
function domainId(name: unknown, env: string): string {
  return withoutEnv(String(name).replace(/\./g, "-"), env);
}

/** The region of a stack's aliased AWS provider (`aws.us_east_1`). */
function providerRegion(synth: Synth, stack: string, provider: string): string {
  const alias = provider.slice(provider.indexOf(".") + 1);
  const config = synth.stacks.get(stack)?.stack.providers("aws").find((p) => p.alias === alias)?.config;
  return String(config?.region ?? alias);
}
