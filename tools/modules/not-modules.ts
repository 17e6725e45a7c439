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
    "serverless-api (Lambda + HTTP API)",
    "not generated yet: the function's placeholder code is a cdktf asset (a file in the synth output, not a module input), the optional VPC placement and the per-store security group rules are branches and loops on the props, and earlier parameters are `removed` blocks of the app's state history, which have no place in a new caller's module. It needs the code package, subnets and data-store ports as inputs and those branches as `count`/`for_each` first.",
  ],
  [
    "network, eks, postgres, redis, atlas",
    "not generated: each decides its structure from its config at construction time (subnets per AZ from a CIDR plan, node groups per entry, engine versions checked against data/aws offerings), which would have to become `for_each` over inputs and plan-time checks. atlas also needs the MongoDB Atlas provider; eks add-ons and redis replication groups cannot be exercised against moto.",
  ],
  [
    "state-backend, state-access, github-oidc, github-deploy-role, terraform-cloud-identity, cluster-apps",
    "platform plumbing of this repository (its state, its CI identities, its in-cluster apps with the kubernetes and helm providers), not pieces other teams add for themselves.",
  ],
];
