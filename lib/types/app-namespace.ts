/**
 * Application namespaces: what an environment's `platform.apps.namespaces` holds and ClusterApps
 * (constructs/cluster-apps) takes as `namespaces`.
 *
 * Imports go one way: constructs/ import lib/, never the reverse. This shape is needed by both
 * lib/config.ts and a construct's props, so it lives here in lib/types/, which imports no construct.
 */

/** A namespace of an application, with its quota and the default limits of its containers. */
export interface AppNamespaceProps {
  /** Namespace name (DNS label). */
  readonly name: string;
  /** CPU all pods of the namespace may request, e.g. `4` or `4000m`. */
  readonly requestsCpu: string;
  /** Memory all pods of the namespace may request, e.g. `8Gi`. */
  readonly requestsMemory: string;
  /** CPU limit summed over the namespace. */
  readonly limitsCpu: string;
  /** Memory limit summed over the namespace. */
  readonly limitsMemory: string;
  /** Most pods in the namespace. */
  readonly pods: number;
  /** Default CPU/memory request and limit of a container that sets none. */
  readonly containerDefaults: {
    readonly requestCpu: string;
    readonly requestMemory: string;
    readonly limitCpu: string;
    readonly limitMemory: string;
  };
}
