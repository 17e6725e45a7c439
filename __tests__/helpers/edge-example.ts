/**
 * An `edge` section for tests of the load balancer, the TargetGroupBinding and origin
 * verification: no environment file has one yet, so tests add it to a copy of a real environment.
 * Every field is valid for the edge section's own rules too, so a test that adds it reports only
 * the mistake it makes on purpose.
 */
import type { EdgeConfig, EdgeLoadBalancerConfig } from "../../lib/types/edge";

export const EXAMPLE_LOAD_BALANCER: EdgeLoadBalancerConfig = {
  deletionProtection: "disabled",
  backendService: { namespace: "chatbot", name: "chatbot-backend", port: 80 },
  accessLogRetentionDays: 90,
};

/** The example edge with `loadBalancer` (null: without one). */
export function exampleEdge(loadBalancer: EdgeLoadBalancerConfig | null = EXAMPLE_LOAD_BALANCER): EdgeConfig {
  return {
    domain: { name: "chat.example.com", zone: { kind: "existing", zoneId: "Z0123456789ABCDEFGHIJ", zoneName: "example.com" } },
    priceClass: "PriceClass_100",
    accessLogRetentionDays: 90,
    waf: { rateLimitPerIp: 1000, rateLimitMode: "block", logRetentionDays: 90 },
    ...(loadBalancer ? { loadBalancer } : {}),
  };
}
