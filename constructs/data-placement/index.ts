/**
 * DataPlacementProps: where a data store of the data tier lives and who may reach it. Not a
 * construct: the placement props PostgresDatabase, RedisCache and AtlasDatabase share, in one
 * place so that the stack maps its network to them once and the three cannot drift apart. Each
 * store's own requirements on these values (how many subnets, its port) are in its props.
 */

export interface DataPlacementProps {
  /** Prefix of physical names, e.g. `chatbot-dev`; each store derives its own names from it. */
  readonly namePrefix: string;
  /** AWS account of the store (key policies, IAM ARNs). */
  readonly accountId: string;
  /** AWS region of the store and of its VPC, e.g. `ap-southeast-2` (key policies, IAM ARNs). */
  readonly region: string;
  /** VPC of the data subnets; the store's security group is created in it. */
  readonly vpcId: string;
  /** Isolated data subnets, one per AZ. */
  readonly subnetIds: readonly string[];
  /**
   * Security groups of the app tier; only they may reach the store, on its port. The store adds
   * ingress rules to its own security group only: the clients' egress belongs to whoever owns
   * their groups.
   */
  readonly clientSecurityGroupIds: readonly string[];
}
