import { Testing, TerraformOutput, TerraformResource, TerraformStack } from "cdktf";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { AdvancedCluster } from "@cdktf/provider-mongodbatlas/lib/advanced-cluster";
import { PrivatelinkEndpoint } from "@cdktf/provider-mongodbatlas/lib/privatelink-endpoint";
import { Project } from "@cdktf/provider-mongodbatlas/lib/project";
import { AtlasDatabase, AtlasDatabaseProps, atlasRegionName } from "../constructs/atlas";
import { ConfigError } from "../lib/errors";
import { configErrorOf, TfJson, resources, scrub } from "./helpers";

const BACKEND_ROLE = "arn:aws:iam::123456789012:role/chatbot-test-backend-lambda";
const WORKER_ROLE = "arn:aws:iam::123456789012:role/chatbot-test-worker";

const props: AtlasDatabaseProps = {
  namePrefix: "chatbot-test",
  organizationId: "5f1e2d3c4b5a69788796a5b4",
  region: "ap-southeast-2",
  accountId: "123456789012",
  vpcId: "vpc-1",
  subnetIds: ["subnet-data-a", "subnet-data-b"],
  clientSecurityGroupIds: ["sg-app", "sg-lambda"],
  instanceSize: "M20",
  autoScaling: { minInstanceSize: "M10", maxInstanceSize: "M40", diskGbEnabled: true },
  mongoDbMajorVersion: "7.0",
  diskSizeGb: 20,
  pointInTimeRecovery: "enabled",
  terminationProtection: "enabled",
  databaseName: "chatbot",
  iamRoleArns: [BACKEND_ROLE, WORKER_ROLE],
};

function synth(p: Partial<AtlasDatabaseProps> = {}): string {
  return Testing.synthScope((scope) => {
    new AtlasDatabase(scope, "Atlas", { ...props, ...p });
  });
}
const json = (p: Partial<AtlasDatabaseProps> = {}): TfJson => JSON.parse(synth(p));
const only = (j: TfJson, type: string): any => {
  const list = resources(j, type);
  expect(list).toHaveLength(1);
  return list[0];
};
const ref = (j: TfJson, type: string, attribute: string): string => `\${${type}.${Object.keys(j.resource[type])[0]}.${attribute}}`;

/** The problems of the ConfigError thrown for the given props. */
function problemsOf(p: Partial<AtlasDatabaseProps>): ConfigError["problems"] {
  return configErrorOf(() => synth(p)).problems;
}

describe("AtlasDatabase", () => {
  test("the project is named after the prefix, in the given organization, and no provider is created", () => {
    const j = json();
    expect(synth()).toHaveResourceWithProperties(Project, { name: "chatbot-test", org_id: "5f1e2d3c4b5a69788796a5b4" });
    expect(j.provider).toBeUndefined();
  });

  test("access is PrivateLink only: no IP access list entry exists and nothing is open to the internet", () => {
    const text = synth();
    const j: TfJson = JSON.parse(text);
    expect(Object.keys(j.resource).filter((type) => type.includes("access_list"))).toEqual([]);
    expect(text).not.toContain("0.0.0.0/0");
    expect(text).not.toContain("::/0");
    for (const rule of resources(j, "aws_security_group_rule")) {
      expect(rule.cidr_blocks).toBeUndefined();
      expect(rule.ipv6_cidr_blocks).toBeUndefined();
    }
  });

  test("the cluster is a 3-node replica set on AWS in the VPC's region, with backup, PITR, TLS 1.2 and no JavaScript", () => {
    expect(synth()).toHaveResourceWithProperties(AdvancedCluster, {
      name: "chatbot-test-documents",
      cluster_type: "REPLICASET",
      mongo_db_major_version: "7.0",
      backup_enabled: true,
      pit_enabled: true,
      termination_protection_enabled: true,
      redact_client_log_data: true,
      advanced_configuration: { minimum_enabled_tls_protocol: "TLS1_2", javascript_enabled: false },
    });
    const cluster = only(json(), "mongodbatlas_advanced_cluster");
    expect(cluster.replication_specs).toHaveLength(1);
    const [region] = cluster.replication_specs[0].region_configs;
    expect(cluster.replication_specs[0].region_configs).toHaveLength(1);
    expect(region).toMatchObject({ provider_name: "AWS", region_name: "AP_SOUTHEAST_2", priority: 7 });
    expect(region.electable_specs).toEqual({ instance_size: "M20", node_count: 3, disk_size_gb: 20 });
    expect(region.read_only_specs).toBeUndefined();
    expect(region.analytics_specs).toBeUndefined();
  });

  test("backup stays on when PITR and termination protection are off (a development cluster)", () => {
    const cluster = only(json({ pointInTimeRecovery: "disabled", terminationProtection: "disabled" }), "mongodbatlas_advanced_cluster");
    expect(cluster.backup_enabled).toBe(true);
    expect(cluster.pit_enabled).toBe(false);
    expect(cluster.termination_protection_enabled).toBe(false);
  });

  test("auto-scaling sets the bounds and Terraform stops fighting Atlas over the scaled tier and disk", () => {
    const cluster = only(json(), "mongodbatlas_advanced_cluster");
    expect(cluster.replication_specs[0].region_configs[0].auto_scaling).toEqual({
      compute_enabled: true,
      compute_scale_down_enabled: true,
      compute_min_instance_size: "M10",
      compute_max_instance_size: "M40",
      disk_gb_enabled: true,
    });
    expect(cluster.lifecycle.ignore_changes).toEqual([
      "replication_specs[0].region_configs[0].electable_specs[0].instance_size",
      "replication_specs[0].region_configs[0].electable_specs[0].disk_size_gb",
    ]);

    const computeOnly = only(json({ autoScaling: { minInstanceSize: "M20", maxInstanceSize: "M30", diskGbEnabled: false } }), "mongodbatlas_advanced_cluster");
    expect(computeOnly.lifecycle.ignore_changes).toEqual(["replication_specs[0].region_configs[0].electable_specs[0].instance_size"]);
  });

  test("without auto-scaling the tier and disk are fixed and fully managed", () => {
    const cluster = only(json({ autoScaling: undefined }), "mongodbatlas_advanced_cluster");
    expect(cluster.replication_specs[0].region_configs[0].auto_scaling).toEqual({ compute_enabled: false, disk_gb_enabled: false });
    expect(cluster.lifecycle).toBeUndefined();
  });

  test("the interface endpoint sits in the data subnets with its own security group and no private DNS", () => {
    const j = json();
    expect(synth()).toHaveResourceWithProperties(PrivatelinkEndpoint, { provider_name: "AWS", region: "AP_SOUTHEAST_2" });
    expect(synth()).toHaveResourceWithProperties(VpcEndpoint, {
      vpc_id: "vpc-1",
      vpc_endpoint_type: "Interface",
      subnet_ids: ["subnet-data-a", "subnet-data-b"],
      private_dns_enabled: false,
    });
    const endpoint = only(j, "aws_vpc_endpoint");
    expect(endpoint.service_name).toBe(ref(j, "mongodbatlas_privatelink_endpoint", "endpoint_service_name"));
    expect(endpoint.security_group_ids).toEqual([ref(j, "aws_security_group", "id")]);
    const sg = only(j, "aws_security_group");
    expect(sg).toMatchObject({ name: "chatbot-test-documents-endpoint", vpc_id: "vpc-1", tags: { Name: "chatbot-test-documents-endpoint" } });
    expect(sg.ingress).toBeUndefined();
    expect(sg.egress).toBeUndefined();
    expect(sg.description).toMatch(/^[\x20-\x7e]+$/);
  });

  test("the endpoint accepts the Atlas port range from the client security groups only, and no rule touches a client's group", () => {
    const j = json();
    const sgId = ref(j, "aws_security_group", "id");
    const rules = resources(j, "aws_security_group_rule").map((r) => [r.type, r.security_group_id, r.source_security_group_id, r.protocol, r.from_port, r.to_port]);
    expect(rules).toEqual([
      ["ingress", sgId, "sg-app", "tcp", 1024, 65535],
      ["ingress", sgId, "sg-lambda", "tcp", 1024, 65535],
    ]);
  });

  test("the link hands the interface endpoint to the Atlas endpoint service, and the cluster is created after it", () => {
    const j = json();
    const link = only(j, "mongodbatlas_privatelink_endpoint_service");
    expect(link).toEqual({
      project_id: ref(j, "mongodbatlas_project", "id"),
      private_link_id: ref(j, "mongodbatlas_privatelink_endpoint", "private_link_id"),
      endpoint_service_id: ref(j, "aws_vpc_endpoint", "id"),
      provider_name: "AWS",
    });
    const cluster = only(j, "mongodbatlas_advanced_cluster");
    expect(cluster.depends_on).toEqual([`mongodbatlas_privatelink_endpoint_service.${Object.keys(j.resource.mongodbatlas_privatelink_endpoint_service)[0]}`]);
  });

  test("each backend role becomes an IAM database user with readWrite on the application's database of this cluster only", () => {
    const j = json();
    const users = resources(j, "mongodbatlas_database_user");
    expect(users.map((u) => u.username)).toEqual([BACKEND_ROLE, WORKER_ROLE]);
    for (const user of users) {
      expect(user).toMatchObject({ aws_iam_type: "ROLE", auth_database_name: "$external", project_id: ref(j, "mongodbatlas_project", "id") });
      expect(user.password).toBeUndefined();
      expect(user.roles).toEqual([{ role_name: "readWrite", database_name: "chatbot" }]);
      expect(user.scopes).toEqual([{ name: ref(j, "mongodbatlas_advanced_cluster", "name"), type: "CLUSTER" }]);
    }
  });

  test("user ids come from role names without the environment, so reordering the roles replaces no user", () => {
    const ids = (arns: string[]): string[] => Object.keys(json({ iamRoleArns: arns }).resource.mongodbatlas_database_user).sort();
    expect(ids([BACKEND_ROLE, WORKER_ROLE])).toEqual(ids([WORKER_ROLE, BACKEND_ROLE]));
    expect(ids([BACKEND_ROLE, WORKER_ROLE]).every((id) => /^Atlas_DatabaseUser(BackendLambda|Worker)_/.test(id))).toBe(true);
  });

  test("a role passed as a reference becomes a user too (numbered, as its name is not known yet)", () => {
    const j: TfJson = JSON.parse(
      Testing.synthScope((scope) => {
        const role = new IamRole(scope, "Backend", { name: "backend", assumeRolePolicy: "{}" });
        new AtlasDatabase(scope, "Atlas", { ...props, iamRoleArns: [role.arn] });
      }),
    );
    const [id] = Object.keys(j.resource.mongodbatlas_database_user);
    expect(id).toMatch(/^Atlas_DatabaseUser1_/);
    expect(j.resource.mongodbatlas_database_user[id].username).toBe(ref(j, "aws_iam_role", "arn"));
  });

  test("the private connection string is the SRV string of the cluster's private endpoint, empty until Atlas fills it", () => {
    const j: TfJson = JSON.parse(
      Testing.synthScope((scope) => {
        const atlas = new AtlasDatabase(scope, "Atlas", props);
        new TerraformOutput(scope, "Conn", { value: atlas.connectionStringPrivate });
        new TerraformOutput(scope, "Project", { value: atlas.projectId });
      }),
    );
    const outputs = Object.values(j.output ?? {}).map((o: any) => o.value);
    expect(outputs).toEqual([
      `\${try(mongodbatlas_advanced_cluster.${Object.keys(j.resource.mongodbatlas_advanced_cluster)[0]}.connection_strings[0].private_endpoint[0].srv_connection_string, "")}`,
      ref(j, "mongodbatlas_project", "id"),
    ]);
  });

  test("tags go to the project (map) and the cluster (key/value blocks)", () => {
    const j = json({ tags: { Environment: "test", Owner: "tests" } });
    expect(only(j, "mongodbatlas_project").tags).toEqual({ Environment: "test", Owner: "tests" });
    expect(only(j, "mongodbatlas_advanced_cluster").tags).toEqual([
      { key: "Environment", value: "test" },
      { key: "Owner", value: "tests" },
    ]);
    expect(only(json(), "mongodbatlas_advanced_cluster").tags).toBeUndefined();
  });

  test("Atlas region names are the AWS names upper-cased with underscores", () => {
    expect(atlasRegionName("ap-southeast-2")).toBe("AP_SOUTHEAST_2");
    expect(atlasRegionName("us-east-1")).toBe("US_EAST_1");
    expect(atlasRegionName("eu-central-2")).toBe("EU_CENTRAL_2");
    expect(only(json({ region: "us-west-2" }), "mongodbatlas_privatelink_endpoint").region).toBe("US_WEST_2");
  });

  test("snapshot", () => {
    expect(scrub(json())).toMatchSnapshot();
  });

  describe("errors", () => {
    const header = "AtlasDatabase chatbot-test: 1 invalid prop; nothing was created:\n";

    test("a shared tier below M10", () => {
      expect(() => synth({ instanceSize: "M5" as never })).toThrow(
        header +
          '  - instanceSize: "M5" is below M10: shared (M0, M2, M5) and Flex clusters support neither private endpoints nor cloud backup\n' +
          '    allowed: one of "M10", "M20", "M30", "M40", "M50", "M60", "M80", "M140", "M200", "M300", "M400", "M700"\n' +
          '    fix: set instanceSize to "M10" or larger',
      );
      expect(problemsOf({ instanceSize: "M0" as never, autoScaling: undefined }).map((p) => p.path)).toEqual(["instanceSize"]);
      expect(problemsOf({ instanceSize: "FLEX" as never, autoScaling: undefined })[0].problem).toMatch(/^is below M10/);
    });

    test("a tier Atlas does not offer", () => {
      expect(() => synth({ instanceSize: "M15" as never, autoScaling: undefined })).toThrow(
        '  - instanceSize: "M15" is not a dedicated Atlas tier on AWS\n' +
          '    allowed: one of "M10", "M20", "M30", "M40", "M50", "M60", "M80", "M140", "M200", "M300", "M400", "M700"\n' +
          "    fix: set instanceSize to one of the listed tiers",
      );
    });

    test("an auto-scaling minimum above the tier", () => {
      expect(() => synth({ autoScaling: { minInstanceSize: "M30", maxInstanceSize: "M40", diskGbEnabled: true } })).toThrow(
        header +
          '  - autoScaling.minInstanceSize: "M30" is above instanceSize "M20"\n' +
          '    allowed: a tier from "M10" up to instanceSize "M20"\n' +
          '    fix: lower autoScaling.minInstanceSize to "M20" or below, or raise instanceSize',
      );
    });

    test("an auto-scaling maximum below the tier", () => {
      expect(() => synth({ instanceSize: "M30", autoScaling: { minInstanceSize: "M10", maxInstanceSize: "M20", diskGbEnabled: true } })).toThrow(
        header +
          '  - autoScaling.maxInstanceSize: "M20" is below instanceSize "M30"\n' +
          '    allowed: a tier from instanceSize "M30" up\n' +
          '    fix: raise autoScaling.maxInstanceSize to "M30" or above, or lower instanceSize',
      );
    });

    test("an auto-scaling range of one tier", () => {
      expect(() => synth({ autoScaling: { minInstanceSize: "M20", maxInstanceSize: "M20", diskGbEnabled: false } })).toThrow(
        header +
          '  - autoScaling.maxInstanceSize: "M20" equals autoScaling.minInstanceSize: compute auto-scaling needs at least two tiers\n' +
          "    allowed: a tier above autoScaling.minInstanceSize\n" +
          "    fix: raise autoScaling.maxInstanceSize, or omit autoScaling to keep the tier fixed",
      );
    });

    test("an auto-scaling bound below M10", () => {
      expect(problemsOf({ autoScaling: { minInstanceSize: "M2" as never, maxInstanceSize: "M40", diskGbEnabled: true } })).toEqual([
        expect.objectContaining({ path: "autoScaling.minInstanceSize", value: "M2", fix: 'set autoScaling.minInstanceSize to "M10" or larger' }),
      ]);
    });

    test("a malformed organization id", () => {
      expect(() => synth({ organizationId: "my-org" })).toThrow(
        header +
          '  - organizationId: "my-org" is not an Atlas organization id\n' +
          '    allowed: 24 hexadecimal characters, e.g. "5f1e2d3c4b5a69788796a5b4"\n' +
          "    fix: copy the id from Atlas > Organization Settings",
      );
    });

    test("a region Atlas does not know", () => {
      expect(() => synth({ region: "ap-southeast-9" })).toThrow(
        header + '  - region: "ap-southeast-9" is not an AWS region Atlas deploys dedicated clusters to\n',
      );
      expect(problemsOf({ region: "AP_SOUTHEAST_2" })[0].fix).toBe('use the AWS spelling of the VPC\'s region, e.g. "ap-southeast-2"');
    });

    test("a disk size Atlas rejects", () => {
      expect(() => synth({ diskSizeGb: 5 })).toThrow(
        header +
          "  - diskSizeGb: 5 is outside the disk sizes Atlas accepts\n" +
          "    allowed: an integer from 10 to 4096\n" +
          "    fix: set diskSizeGb to the size the data needs, e.g. 10",
      );
    });

    test("a malformed MongoDB version", () => {
      expect(problemsOf({ mongoDbMajorVersion: "7" }).map((p) => [p.path, p.problem])).toEqual([["mongoDbMajorVersion", "is not a MongoDB major version"]]);
    });

    test("a reserved or invalid database name", () => {
      expect(() => synth({ databaseName: "admin" })).toThrow(
        header +
          "  - databaseName: \"admin\" is a database MongoDB reserves (readWrite on it grants more than the application's data)\n" +
          '    allowed: any valid name except "admin", "local", "config"\n' +
          "    fix: use the application's own database, e.g. \"chatbot\"",
      );
      expect(problemsOf({ databaseName: "chat.bot" })[0].problem).toBe("is not a valid MongoDB database name");
    });

    test("no users, a non-role ARN, a role of another account, a role listed twice", () => {
      expect(() => synth({ iamRoleArns: [] })).toThrow(header + "  - iamRoleArns: [] is empty: nobody could connect to the cluster\n");
      const problems = problemsOf({
        iamRoleArns: ["arn:aws:iam::123456789012:user/alice", "arn:aws:iam::999999999999:role/chatbot-test-backend-lambda", BACKEND_ROLE, BACKEND_ROLE],
      });
      expect(problems.map((p) => [p.path, p.problem])).toEqual([
        ["iamRoleArns[0]", "is not an IAM role ARN"],
        ["iamRoleArns[1]", "is a role of account 999999999999, not of accountId 123456789012"],
        ["iamRoleArns[3]", "is listed twice"],
      ]);
    });

    test("no subnets or client security groups", () => {
      expect(problemsOf({ subnetIds: [], clientSecurityGroupIds: [] }).map((p) => p.path)).toEqual([
        "subnetIds",
        "clientSecurityGroupIds",
      ]);
      expect(problemsOf({ clientSecurityGroupIds: ["sg-app", "sg-app"] }).map((p) => [p.path, p.problem])).toEqual([["clientSecurityGroupIds[1]", "is listed twice"]]);
    });

    test("every problem is reported at once, before any resource exists", () => {
      const problems = problemsOf({ organizationId: "x", region: "mars-1", instanceSize: "M2" as never, diskSizeGb: 0 });
      expect(problems.map((p) => p.path)).toEqual([
        "organizationId",
        "region",
        "instanceSize",
        "diskSizeGb",
      ]);
      expect(() => synth({ organizationId: "x", region: "mars-1" })).toThrow("AtlasDatabase chatbot-test: 2 invalid props; nothing was created:");

      const stack = new TerraformStack(Testing.app(), "Stack");
      expect(() => new AtlasDatabase(stack, "Atlas", { ...props, organizationId: "x" })).toThrow(ConfigError);
      expect(stack.node.findAll().filter((c) => c instanceof TerraformResource)).toEqual([]);
    });
  });
});
