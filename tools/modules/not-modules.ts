/**
 * Constructs that are not (yet) generated as modules, and why: the last section of
 * modules/README.md. Each entry names what would have to change.
 */
export const NOT_MODULES: readonly (readonly [string, string])[] = [
  [
    "container-registry",
    "its repository policy has one statement per consumer account (`consumers.flatMap(...)`), built in TypeScript; a module needs that list as `dynamic` statements, and the construct has no props validator to take the wording from.",
  ],
  [
    "serverless-api (Lambda + HTTP API)",
    "not generated yet: the function's code package, its VPC placement and the JWT authorizer come from other stacks; a module needs them as inputs (zip path or image URI, subnet and security group ids, issuer) first.",
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
