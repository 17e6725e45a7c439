/**
 * AtlasDatabase: the document database of reference 001, a MongoDB Atlas replica set reachable only
 * through AWS PrivateLink from the app tier, with the backend's IAM roles as its only users.
 *
 * - An Atlas project `<namePrefix>` in the given organization, and in it a dedicated (M10+) 3-node
 *   replica set on AWS in the VPC's region: cloud backup always on, point-in-time recovery and
 *   termination protection per environment, TLS 1.2 minimum, server-side JavaScript off, client log
 *   data redacted, optional compute/disk auto-scaling between validated bounds.
 * - Private connectivity: the Atlas private endpoint service, an interface VPC endpoint in the data
 *   subnets (private DNS off: Atlas's own hostnames resolve to the endpoint), its security group
 *   accepting the Atlas port range from the client security groups only, and the link between them.
 *   The project has NO IP access list entries: nothing can connect over the internet, and this
 *   construct has no way to add any (access is PrivateLink only, by design).
 * - One database user per backend IAM role (`MONGODB-AWS` authentication, no password exists
 *   anywhere), `readWrite` on the application's database only, scoped to this cluster.
 *
 * The mongodbatlas provider is not created here: the stack owns it, and it reads its credentials
 * from MONGODB_ATLAS_PUBLIC_KEY / MONGODB_ATLAS_PRIVATE_KEY, never from configuration.
 */
import { Construct } from "constructs";
import { Fn, Token } from "cdktf";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { SecurityGroupRule } from "@cdktf/provider-aws/lib/security-group-rule";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { AdvancedCluster } from "@cdktf/provider-mongodbatlas/lib/advanced-cluster";
import { DatabaseUser } from "@cdktf/provider-mongodbatlas/lib/database-user";
import { PrivatelinkEndpoint } from "@cdktf/provider-mongodbatlas/lib/privatelink-endpoint";
import { PrivatelinkEndpointService } from "@cdktf/provider-mongodbatlas/lib/privatelink-endpoint-service";
import { Project } from "@cdktf/provider-mongodbatlas/lib/project";
import { idPart } from "../../lib/naming";
import { checkProps } from "../../lib/prop-checks";
import { PRIVATE_ENDPOINT_PORTS, atlasRegionName } from "./private/atlas-values";
import type { AtlasDatabaseProps } from "./private/props";
import { roleNameOf, validateAtlasDatabaseProps } from "./private/validate-props";

export { ATLAS_AWS_REGIONS, PRIVATE_ENDPOINT_PORTS, atlasRegionName } from "./private/atlas-values";
export { validateAtlasDatabaseProps } from "./private/validate-props";
export { ATLAS_INSTANCE_SIZES } from "../../lib/types/atlas";
export type { AtlasAutoScalingProps, AtlasInstanceSize, AtlasProtection, AtlasSettings } from "../../lib/types/atlas";
// The props live in private/props.ts rather than here because private/validate-props.ts checks
// them and this file calls it: declared here, the two files would import each other.
export type { AtlasDatabaseProps } from "./private/props";

/** Name component of the cluster and the endpoint security group. */
const COMPONENT = "documents";
const ELECTABLE_NODES = 3;
/** Path of the only region config of the replica set, for lifecycle rules. */
const ELECTABLE_SPECS = "replication_specs[0].region_configs[0].electable_specs[0]";

export class AtlasDatabase extends Construct {
  /** The Atlas project of the environment. */
  public readonly project: Project;
  /** Id of the Atlas project. */
  public readonly projectId: string;
  /** The replica set. */
  public readonly cluster: AdvancedCluster;
  /** Name of the cluster in Atlas. */
  public readonly clusterName: string;
  /** Atlas's private endpoint service in the region. */
  public readonly privateLinkEndpoint: PrivatelinkEndpoint;
  /** The interface VPC endpoint in the data subnets. */
  public readonly privateEndpoint: VpcEndpoint;
  /** The link that makes Atlas accept the interface endpoint. */
  public readonly privateEndpointLink: PrivatelinkEndpointService;
  /** Security group of the interface endpoint: the Atlas port range from the client groups only. */
  public readonly endpointSecurityGroup: SecurityGroup;
  /** One database user per IAM role, in the order of `iamRoleArns`. */
  public readonly databaseUsers: readonly DatabaseUser[];
  /**
   * The private-endpoint `mongodb+srv://` connection string (no credentials: clients authenticate
   * with `authMechanism=MONGODB-AWS` and their role).
   */
  public readonly connectionStringPrivate: string;

  constructor(scope: Construct, id: string, props: AtlasDatabaseProps) {
    super(scope, id);
    checkProps(`AtlasDatabase ${props.namePrefix}`, props, validateAtlasDatabaseProps);
    const tags = props.tags ?? {};
    const name = (suffix: string): string => `${props.namePrefix}-${suffix}`;
    const regionName = atlasRegionName(props.region);
    const scaling = props.autoScaling;

    this.project = new Project(this, "Project", {
      name: props.namePrefix,
      orgId: props.organizationId,
      tags: Object.keys(tags).length > 0 ? { ...tags } : undefined,
    });
    this.projectId = this.project.id;

    // PrivateLink: Atlas endpoint service -> interface endpoint in the data subnets -> link.
    this.privateLinkEndpoint = new PrivatelinkEndpoint(this, "PrivateLinkEndpoint", {
      projectId: this.project.id,
      providerName: "AWS",
      region: regionName,
    });
    this.endpointSecurityGroup = new SecurityGroup(this, "EndpointSecurityGroup", {
      name: name(`${COMPONENT}-endpoint`),
      // EC2 accepts only ASCII in security group descriptions.
      description: `MongoDB Atlas private endpoint: ports ${PRIVATE_ENDPOINT_PORTS.from}-${PRIVATE_ENDPOINT_PORTS.to} from the app tier only`,
      vpcId: props.vpcId,
      tags: { Name: name(`${COMPONENT}-endpoint`) },
      // No inline rules (as in Network): the rules are separate resources, and Terraform removes
      // the allow-all egress rule AWS adds to a new group. The endpoint never initiates connections.
    });
    props.clientSecurityGroupIds.forEach((clientGroupId, i) => {
      const range = { protocol: "tcp", fromPort: PRIVATE_ENDPOINT_PORTS.from, toPort: PRIVATE_ENDPOINT_PORTS.to };
      new SecurityGroupRule(this, `EndpointIngressClient${i + 1}`, {
        type: "ingress",
        securityGroupId: this.endpointSecurityGroup.id,
        sourceSecurityGroupId: clientGroupId,
        description: "MongoDB Atlas through PrivateLink, from the app tier",
        ...range,
      });
    });
    this.privateEndpoint = new VpcEndpoint(this, "PrivateEndpoint", {
      vpcId: props.vpcId,
      serviceName: this.privateLinkEndpoint.endpointServiceName,
      vpcEndpointType: "Interface",
      subnetIds: [...props.subnetIds],
      securityGroupIds: [this.endpointSecurityGroup.id],
      // Atlas publishes the private-endpoint hostnames in its own DNS zone; the endpoint service
      // has no private DNS name to enable.
      privateDnsEnabled: false,
      tags: { Name: name(`${COMPONENT}-endpoint`) },
    });
    this.privateEndpointLink = new PrivatelinkEndpointService(this, "PrivateEndpointLink", {
      projectId: this.project.id,
      privateLinkId: this.privateLinkEndpoint.privateLinkId,
      endpointServiceId: this.privateEndpoint.id,
      providerName: "AWS",
    });

    // The replica set. Created after the link, so that Atlas returns its private-endpoint
    // connection strings on creation (the provider's documented order).
    this.clusterName = name(COMPONENT);
    const ignored = [
      ...(scaling ? [`${ELECTABLE_SPECS}.instance_size`] : []),
      ...(scaling?.diskGbEnabled ? [`${ELECTABLE_SPECS}.disk_size_gb`] : []),
    ];
    this.cluster = new AdvancedCluster(this, "Cluster", {
      projectId: this.project.id,
      name: this.clusterName,
      clusterType: "REPLICASET",
      mongoDbMajorVersion: props.mongoDbMajorVersion,
      backupEnabled: true,
      pitEnabled: props.pointInTimeRecovery === "enabled",
      terminationProtectionEnabled: props.terminationProtection === "enabled",
      redactClientLogData: true,
      advancedConfiguration: {
        minimumEnabledTlsProtocol: "TLS1_2",
        javascriptEnabled: false,
      },
      replicationSpecs: [
        {
          regionConfigs: [
            {
              providerName: "AWS",
              regionName,
              priority: 7,
              electableSpecs: { instanceSize: props.instanceSize, nodeCount: ELECTABLE_NODES, diskSizeGb: props.diskSizeGb },
              autoScaling: scaling
                ? {
                    computeEnabled: true,
                    computeScaleDownEnabled: true,
                    computeMinInstanceSize: scaling.minInstanceSize,
                    computeMaxInstanceSize: scaling.maxInstanceSize,
                    diskGbEnabled: scaling.diskGbEnabled,
                  }
                : { computeEnabled: false, diskGbEnabled: false },
            },
          ],
        },
      ],
      tags: Object.keys(tags).length > 0 ? Object.entries(tags).map(([key, value]) => ({ key, value })) : undefined,
      lifecycle: ignored.length > 0 ? { ignoreChanges: ignored } : undefined,
      dependsOn: [this.privateEndpointLink],
    });
    // Atlas fills the private-endpoint connection strings only once the endpoint is linked, which
    // can lag the cluster's creation by a refresh: until then the value is empty, not an error.
    this.connectionStringPrivate = Fn.try([this.cluster.connectionStrings.get(0).privateEndpoint.get(0).srvConnectionString, ""]);

    // Users: the backend's IAM roles, readWrite on the application's database of this cluster only.
    this.databaseUsers = props.iamRoleArns.map((arn, i) => {
      // Ids from the role name (without the environment prefix), so that reordering the list never
      // replaces a user; a role given as a reference has no name yet and is numbered instead.
      const roleName = Token.isUnresolved(arn) ? undefined : roleNameOf(arn);
      const label = roleName
        ? idPart(roleName.startsWith(`${props.namePrefix}-`) ? roleName.slice(props.namePrefix.length + 1) : roleName).replace(/[^A-Za-z0-9]/g, "")
        : `${i + 1}`;
      return new DatabaseUser(this, `DatabaseUser${label}`, {
        projectId: this.project.id,
        username: arn,
        awsIamType: "ROLE",
        authDatabaseName: "$external",
        description: `Backend IAM role: readWrite on ${props.databaseName}`,
        roles: [{ roleName: "readWrite", databaseName: props.databaseName }],
        scopes: [{ name: this.cluster.name, type: "CLUSTER" }],
      });
    });
  }
}
