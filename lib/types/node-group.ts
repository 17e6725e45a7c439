/**
 * EKS managed node groups: what an environment's `platform.nodeGroups` holds and EksCluster
 * (constructs/eks) takes as `nodeGroups`.
 *
 * Imports go one way: constructs/ import lib/, never the reverse. This shape is needed by both
 * lib/config.ts and a construct's props, so it lives here in lib/types/, which imports no construct.
 */

/** Effects of a Kubernetes taint (EKS API spelling). */
export const TAINT_EFFECTS = ["NO_SCHEDULE", "NO_EXECUTE", "PREFER_NO_SCHEDULE"] as const;
export type TaintEffect = (typeof TAINT_EFFECTS)[number];

/** How a node group buys its instances. */
export const CAPACITY_TYPES = ["ON_DEMAND", "SPOT"] as const;
export type CapacityType = (typeof CAPACITY_TYPES)[number];

/** A Kubernetes taint on every node of a group. */
export interface NodeTaintProps {
  /** Taint key, e.g. `workload`. */
  readonly key: string;
  /** Taint value, e.g. `ml`. */
  readonly value: string;
  /** What the taint does to pods that do not tolerate it. */
  readonly effect: TaintEffect;
}

export interface NodeGroupProps {
  /** Instance types of the group, all of one family (the AMI is chosen from it). */
  readonly instanceTypes: readonly string[];
  /** Fewest nodes (0 lets an idle group scale to nothing). */
  readonly minSize: number;
  /** Nodes at creation; later changes come from the cluster autoscaler and are ignored. */
  readonly desiredSize: number;
  /** Most nodes. */
  readonly maxSize: number;
  /** Root volume in GiB. */
  readonly diskSizeGb: number;
  /**
   * On-demand or spot instances.
   * @default "ON_DEMAND"
   */
  readonly capacityType?: CapacityType;
  /** Kubernetes labels of the nodes. */
  readonly labels: Readonly<Record<string, string>>;
  /**
   * Kubernetes taints of the nodes.
   * @default - none
   */
  readonly taints?: readonly NodeTaintProps[];
}
