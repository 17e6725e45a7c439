/**
 * Constructs that are not (yet) generated as modules, and why: the last section of
 * modules/README.md. Each entry names what would have to change.
 */
export const NOT_MODULES: readonly (readonly [string, string])[] = [
  [
    "container-registry: the cross-account repository policy",
    "the container-repository module leaves out `consumers`: the construct builds one policy statement per consumer account in TypeScript, which a module needs as `dynamic` statements. Same-account roles push and pull with identity policies on the module's `repository_arns`.",
  ],
  [
    "serverless-api: origin verification and the app's state history",
    "the lambda-http-api module leaves out `originVerification` (the check that requests came through this repository's CloudFront edge, whose token parameter the edge stack provisions) and the `removed` blocks that forget parameters earlier app versions managed (state history of the app, nothing a new caller has).",
  ],
  [
    "postgres: the log exports",
    "the postgres-database module always exports both logs (`postgresql`, `upgrade`) to its own log groups: the construct creates one log group per export in TypeScript, and a second list input would need a second `for_each` template, which the generator does not have.",
  ],
  [
    "network, eks, redis, atlas",
    "not generated: each decides its structure from its config at construction time (subnets per AZ from a CIDR plan computed and checked in TypeScript, node groups per entry, engine versions checked against data/aws offerings), which would have to become `for_each` over inputs and plan-time checks. atlas also needs the MongoDB Atlas provider; eks add-ons and redis replication groups cannot be exercised against moto.",
  ],
  [
    "state-backend, state-access, github-oidc, github-deploy-role, terraform-cloud-identity, cluster-apps",
    "platform plumbing of this repository (its state, its CI identities, its in-cluster apps with the kubernetes and helm providers), not pieces other teams add for themselves.",
  ],
];
