/**
 * Bad input against what AWS, EKS, Kubernetes, Atlas and Terraform Cloud offer or accept, through
 * the command line as users run it (the harness of __tests__/helpers/bad-input.ts): each mistake on
 * the real environments exits 1 with exactly this report, no stack trace, and cdktf.out untouched.
 * Together with __tests__/bad-input.test.ts, the table of every class of bad input.
 */
import { BadInput, expectRefused, useBadInputHarness } from "./helpers/bad-input";

const harness = useBadInputHarness();

/** [what is wrong, the input, the whole stderr]. */
const CASES: [string, BadInput, string][] = [
  [
    "an EC2 instance type the family does not have",
    { mutate: (c) => { c.env.dev.platform.nodeGroups.general.instanceTypes = ["m7i.medium"]; } },
    "Invalid configuration (1 problem); nothing was synthesized:\n  - dev.platform.nodeGroups.general.instanceTypes[0]: \"m7i.medium\" is not an EC2 instance type: the m7i family has no size \"medium\"\n    allowed: a size EC2 offers in the m7i family: \"m7i.large\", \"m7i.xlarge\", \"m7i.2xlarge\", \"m7i.4xlarge\", \"m7i.8xlarge\", \"m7i.12xlarge\", \"m7i.16xlarge\", \"m7i.24xlarge\", \"m7i.48xlarge\", \"m7i.metal-24xl\", \"m7i.metal-48xl\" (data/aws/ec2-instance-types.json)\n    fix: set dev.platform.nodeGroups.general.instanceTypes[0] to e.g. \"m7i.large\"\n",
  ],
  [
    "a DB instance class RDS does not offer for PostgreSQL",
    { mutate: (c) => { c.env.staging.data.postgres.instanceClass = "db.t3.nano"; } },
    "Invalid configuration (1 problem); nothing was synthesized:\n  - staging.data.postgres.instanceClass: \"db.t3.nano\" is not a DB instance class RDS offers for PostgreSQL\n    allowed: a size RDS for PostgreSQL offers in the db.t3 family: \"db.t3.micro\", \"db.t3.small\", \"db.t3.medium\", \"db.t3.large\", \"db.t3.xlarge\", \"db.t3.2xlarge\" (data/aws/rds-postgres-instance-classes.json)\n    fix: set staging.data.postgres.instanceClass to e.g. \"db.t3.micro\"; if RDS offers the class (aws rds describe-orderable-db-instance-options --engine postgres --db-instance-class db.t3.nano), add it to data/aws/rds-postgres-instance-classes.json\n",
  ],
  [
    "a PostgreSQL version RDS no longer offers",
    { mutate: (c) => { c.env.staging.data.postgres.engineVersion = "16.5"; } },
    "Invalid configuration (1 problem); nothing was synthesized:\n  - staging.data.postgres.engineVersion: \"16.5\" is not a PostgreSQL 16 version RDS creates new instances with\n    allowed: \"16\" (RDS picks the newest 16.x and applies minor upgrades) or one of \"16.9\", \"16.10\", \"16.11\", \"16.12\", \"16.13\", \"16.14\" (data/aws/rds-postgres-engine-versions.json)\n    fix: set staging.data.postgres.engineVersion to \"16\" or a listed 16.x; if RDS offers 16.5 (aws rds describe-db-engine-versions --engine postgres --engine-version 16.5), add it to data/aws/rds-postgres-engine-versions.json\n",
  ],
  [
    "a previous-generation ElastiCache node type",
    { mutate: (c) => { c.env.staging.data.redis.nodeType = "cache.m3.medium"; } },
    "Invalid configuration (1 problem); nothing was synthesized:\n  - staging.data.redis.nodeType: \"cache.m3.medium\" is a previous-generation node type: ElastiCache keeps existing clusters of it running but creates no new one\n    allowed: a type ElastiCache offers, e.g. \"cache.t3.medium\", \"cache.t2.medium\", \"cache.t4g.medium\" (the full list: data/aws/elasticache-node-types.json)\n    fix: set staging.data.redis.nodeType to e.g. \"cache.t3.medium\"\n",
  ],
  [
    "a Valkey version given as a Redis OSS version",
    { mutate: (c) => { c.env.staging.data.redis.engineVersion = "7.2"; } },
    "Invalid configuration (1 problem); nothing was synthesized:\n  - staging.data.redis.engineVersion: \"7.2\" is a Valkey version, not a Redis OSS one: constructs/redis creates the \"redis\" engine, whose versions stop at 7.1\n    allowed: a Redis OSS version from 7.0 on that ElastiCache offers: \"7.0\" (family redis7), \"7.1\" (family redis7) (data/aws/elasticache-engine-versions.json)\n    fix: set staging.data.redis.engineVersion to \"7.1\"\n",
  ],
  [
    "an Atlas tier not offered in the region",
    { mutate: (c) => { c.env.prod.data.atlas.instanceSize = "M140"; } },
    "Invalid configuration (2 problems); nothing was synthesized:\n  - prod.data.atlas.autoScaling.maxInstanceSize: \"M40\" is below instanceSize \"M140\"\n    allowed: a tier from instanceSize \"M140\" up\n    fix: raise prod.data.atlas.autoScaling.maxInstanceSize to \"M140\" or above, or lower prod.data.atlas.instanceSize\n  - prod.data.atlas.instanceSize: \"M140\" is not offered by Atlas in ap-southeast-2\n    allowed: a general-class tier Atlas offers on AWS in ap-southeast-2: \"M10\", \"M20\", \"M30\", \"M40\", \"M50\", \"M60\", \"M80\", \"M200\" (data/aws/atlas-tiers.json)\n    fix: set prod.data.atlas.instanceSize to \"M200\", or deploy the environment to a region that offers M140\n",
  ],
  [
    "an Atlas disk beyond the tier's maximum",
    { mutate: (c) => { c.env.dev.data.atlas.diskSizeGb = 200; } },
    "Invalid configuration (1 problem); nothing was synthesized:\n  - dev.data.atlas.diskSizeGb: 200 is more than the 128 GB an M10 cluster on AWS takes\n    allowed: 10 to 128 GB on M10; 200 GB needs \"M20\", \"M30\", \"M40\", \"M50\", \"M60\", \"M80\", \"M200\" (data/aws/atlas-tiers.json)\n    fix: lower dev.data.atlas.diskSizeGb to 128 or less, or raise dev.data.atlas.instanceSize to \"M20\"\n",
  ],
  [
    "an EKS add-on build that does not exist, in the shared versions file",
    { mutate: (c) => { c.files.ADDON_VERSIONS.vpcCni = "v1.99.0-eksbuild.1"; } },
    "Invalid configuration (3 problems); nothing was synthesized:\n  - dev.platform.addons.vpcCni: \"v1.99.0-eksbuild.1\" is not a version of the vpc-cni add-on EKS offers for Kubernetes 1.34\n    allowed: one of \"v1.20.4-eksbuild.1\", \"v1.20.4-eksbuild.2\" (data/aws/eks-addon-versions.json)\n    fix: set dev.platform.addons.vpcCni to \"v1.20.4-eksbuild.2\"; if `aws eks describe-addon-versions --kubernetes-version 1.34 --addon-name vpc-cni` lists v1.99.0-eksbuild.1, add it to data/aws/eks-addon-versions.json\n  - staging.platform.addons.vpcCni: \"v1.99.0-eksbuild.1\" is not a version of the vpc-cni add-on EKS offers for Kubernetes 1.34\n    allowed: one of \"v1.20.4-eksbuild.1\", \"v1.20.4-eksbuild.2\" (data/aws/eks-addon-versions.json)\n    fix: set staging.platform.addons.vpcCni to \"v1.20.4-eksbuild.2\"; if `aws eks describe-addon-versions --kubernetes-version 1.34 --addon-name vpc-cni` lists v1.99.0-eksbuild.1, add it to data/aws/eks-addon-versions.json\n  - prod.platform.addons.vpcCni: \"v1.99.0-eksbuild.1\" is not a version of the vpc-cni add-on EKS offers for Kubernetes 1.34\n    allowed: one of \"v1.20.4-eksbuild.1\", \"v1.20.4-eksbuild.2\" (data/aws/eks-addon-versions.json)\n    fix: set prod.platform.addons.vpcCni to \"v1.20.4-eksbuild.2\"; if `aws eks describe-addon-versions --kubernetes-version 1.34 --addon-name vpc-cni` lists v1.99.0-eksbuild.1, add it to data/aws/eks-addon-versions.json\n",
  ],
  [
    "a chart version that was never published, in the shared versions file",
    { mutate: (c) => { c.files.CHART_VERSIONS.metricsServer = { ...c.files.CHART_VERSIONS.metricsServer, version: "3.99.0" }; } },
    "Invalid configuration (3 problems); nothing was synthesized:\n  - dev.platform.apps.charts.metricsServer.version: \"3.99.0\" is not a published version of the metrics-server chart (https://kubernetes-sigs.github.io/metrics-server/)\n    allowed: one of \"3.12.1\", \"3.12.2\", \"3.13.0\" (data/aws/helm-chart-versions.json)\n    fix: set dev.platform.apps.charts.metricsServer.version to \"3.13.0\"; if `helm search repo metrics-server --versions` (repository https://kubernetes-sigs.github.io/metrics-server/) lists 3.99.0, add it to data/aws/helm-chart-versions.json\n  - staging.platform.apps.charts.metricsServer.version: \"3.99.0\" is not a published version of the metrics-server chart (https://kubernetes-sigs.github.io/metrics-server/)\n    allowed: one of \"3.12.1\", \"3.12.2\", \"3.13.0\" (data/aws/helm-chart-versions.json)\n    fix: set staging.platform.apps.charts.metricsServer.version to \"3.13.0\"; if `helm search repo metrics-server --versions` (repository https://kubernetes-sigs.github.io/metrics-server/) lists 3.99.0, add it to data/aws/helm-chart-versions.json\n  - prod.platform.apps.charts.metricsServer.version: \"3.99.0\" is not a published version of the metrics-server chart (https://kubernetes-sigs.github.io/metrics-server/)\n    allowed: one of \"3.12.1\", \"3.12.2\", \"3.13.0\" (data/aws/helm-chart-versions.json)\n    fix: set prod.platform.apps.charts.metricsServer.version to \"3.13.0\"; if `helm search repo metrics-server --versions` (repository https://kubernetes-sigs.github.io/metrics-server/) lists 3.99.0, add it to data/aws/helm-chart-versions.json\n",
  ],
  [
    "a tag key equal but for case to one the app adds",
    { mutate: (c) => { c.env.dev.tags = { ...c.env.dev.tags, project: "chatbot" }; } },
    "Invalid configuration (1 problem); nothing was synthesized:\n  - dev.tags: \"project\" differs only in case from the key \"Project\" the app adds itself: IAM treats tag keys that differ only in case as the same key and refuses the pair\n    allowed: tag keys that differ in more than case, from each other and from the keys the app adds (\"Environment\", \"ManagedBy\", \"Project\", \"Stack\", \"Name\", \"Tier\", \"kubernetes.io/role/elb\", \"kubernetes.io/role/internal-elb\")\n    fix: remove tag project from dev.tags (the app sets Project), or rename it\n",
  ],
  [
    "more tags than a resource can carry with the app's own",
    { mutate: (c) => { c.env.dev.tags = Object.fromEntries(Array.from({ length: 44 }, (_, i) => [`Tag${i + 1}`, "x"])); } },
    "Invalid configuration (1 problem); nothing was synthesized:\n  - dev.tags: 44 tags, with the 7 the app adds (Environment, ManagedBy, Project, Stack, Name, Tier, kubernetes.io/role/elb), would put 51 on a subnet: more than the 50 AWS allows per resource\n    allowed: at most 43 tags in dev.tags (50 per resource, the AWS tagging rules as the IAM API declares them, data/aws/aws-api-rules.json)\n    fix: remove 1 tag from dev.tags\n",
  ],
  [
    "a tag value with a character AWS refuses",
    { mutate: (c) => { c.env.dev.tags = { ...c.env.dev.tags, Owner: "platform<team>" }; } },
    "Invalid configuration (1 problem); nothing was synthesized:\n  - dev.tags.Owner: \"platform<team>\" is not a tag value AWS accepts: it contains \"<\", \">\"\n    allowed: 0 to 256 letters, digits, spaces and _ . : / = + - @ (the AWS tagging rules as the IAM API declares them, data/aws/aws-api-rules.json)\n    fix: remove the other characters from the value of tag Owner\n",
  ],
  [
    "a node label value over 63 characters",
    { mutate: (c) => { c.env.dev.platform.nodeGroups.general.labels = { workload: "g".repeat(64) }; } },
    "Invalid configuration (1 problem); nothing was synthesized:\n  - dev.platform.nodeGroups.general.labels[\"workload\"]: \"gggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggg\" is 64 characters long: EKS takes label values of 1 to 63\n    allowed: 1 to 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit (Kubernetes; lengths: EKS, data/aws/aws-api-rules.json)\n    fix: correct the value of label workload in dev.platform.nodeGroups.general.labels\n",
  ],
  [
    "a LimitRange default request above its limit",
    { mutate: (c) => { c.env.dev.platform.apps.namespaces[0].containerDefaults = { requestCpu: "2", requestMemory: "512Mi", limitCpu: "1", limitMemory: "1Gi" }; } },
    "Invalid configuration (1 problem); nothing was synthesized:\n  - dev.platform.apps.namespaces[0].containerDefaults.requestCpu: \"2\" is more than limitCpu (\"1\"): Kubernetes refuses a LimitRange whose default CPU request exceeds its default limit\n    allowed: at most limitCpu (1 CPU = 1000m)\n    fix: lower dev.platform.apps.namespaces[0].containerDefaults.requestCpu to \"1\" or less, or raise dev.platform.apps.namespaces[0].containerDefaults.limitCpu\n",
  ],
  [
    "a CIDR listed twice for the private endpoint",
    { mutate: (c) => { c.env.dev.platform.privateEndpointClientCidrs = ["10.10.0.0/16", "10.10.0.0/16"]; } },
    "Invalid configuration (1 problem); nothing was synthesized:\n  - dev.platform.privateEndpointClientCidrs[1]: \"10.10.0.0/16\" repeats dev.platform.privateEndpointClientCidrs[0]: the list becomes one security group rule, and EC2 refuses a rule that names a CIDR twice\n    allowed: each CIDR once\n    fix: remove dev.platform.privateEndpointClientCidrs[1]\n",
  ],
  [
    "NAT none while the nodes lack the ECR and STS endpoints",
    { mutate: (c) => { c.env.dev.network.nat = "none"; c.env.dev.network.interfaceEndpoints = ["logs", "ssm", "secretsmanager"]; c.env.dev.serverless = { ...c.env.dev.serverless, inVpc: false }; } },
    "Invalid configuration (1 problem); nothing was synthesized:\n  - dev.network.interfaceEndpoints: [\"logs\",\"ssm\",\"secretsmanager\"] leaves out \"ecr.api\", \"ecr.dkr\", \"sts\", which the EKS nodes need while dev.network.nat is \"none\": without them they cannot pull their images (ecr.api, ecr.dkr) or get credentials (sts), and never join the cluster\n    allowed: \"ecr.api\", \"ecr.dkr\", \"sts\" among the interface endpoints of an environment with a platform and nat \"none\" (S3, for image layers, is a gateway endpoint the network always has)\n    fix: add \"ecr.api\", \"ecr.dkr\", \"sts\" to dev.network.interfaceEndpoints, or remove dev.network.interfaceEndpoints for all of them\n",
  ],
  [
    "a Terraform Cloud organization name it would refuse",
    { mutate: (c) => { c.env.remote.backend = { ...c.env.remote.backend, organization: "a" }; } },
    "Invalid configuration (1 problem); nothing was synthesized:\n  - remote.backend.organization: \"a\" is not a Terraform Cloud organization name\n    allowed: 3 to 40 letters, digits, '-' or '_'\n    fix: set remote.backend.organization to your organization's name as Terraform Cloud shows it\n",
  ],
  [
    "a Terraform Enterprise host given as a URL",
    { mutate: (c) => { c.env.remote.backend = { ...c.env.remote.backend, hostname: "https://tfe.example.com" }; } },
    "Invalid configuration (1 problem); nothing was synthesized:\n  - remote.backend.hostname: \"https://tfe.example.com\" is not a host name (without https:// or a path)\n    allowed: a DNS name such as app.terraform.io or tfe.example.com\n    fix: set remote.backend.hostname to your Terraform Enterprise host (without https:// or a path), or remove it for Terraform Cloud (app.terraform.io)\n",
  ],
  [
    "a workspace prefix that makes a name over 90 characters",
    { mutate: (c) => { c.env.remote.backend = { ...c.env.remote.backend, workspacePrefix: "w".repeat(75) }; } },
    "Invalid configuration (1 problem); nothing was synthesized:\n  - remote.backend.workspacePrefix: \"wwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwww\" makes the workspace name wwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwwremote-serverless 92 characters long\n    allowed: workspace names of at most 90 characters (Terraform Cloud's limit)\n    fix: shorten remote.backend.workspacePrefix by 2 characters\n",
  ],
  [
    "a Terraform Cloud environment applied by another role",
    { mutate: (c) => { c.env.remote.operators = { applyRoleArn: "arn:aws:iam::123456789012:role/chatbot-platform-apply" }; } },
    "Invalid configuration (1 problem); nothing was synthesized:\n  - remote.operators.applyRoleArn: \"arn:aws:iam::123456789012:role/chatbot-platform-apply\" is not the role the Terraform Cloud workspaces apply with\n    allowed: arn:aws:iam::123456789012:role/chatbot-remote-tfc-apply\n    fix: set remote.operators.applyRoleArn to \"arn:aws:iam::123456789012:role/chatbot-remote-tfc-apply\" (created by shared-123456789012; it becomes the cluster admin)\n",
  ],
  [
    "production on Terraform Cloud trusting a wildcard workspace and auto-applying",
    { mutate: (c) => { c.env.prod.backend = { kind: "cloud", organization: "example-org", additionalWorkspaces: ["team-*"], autoApply: true }; c.env.prod.operators = { applyRoleArn: "arn:aws:iam::333333333333:role/chatbot-prod-tfc-apply" }; } },
    "Invalid configuration (2 problems); nothing was synthesized:\n  - prod.backend.autoApply: true applies production plans without anyone confirming them\n    allowed: false (the default for production)\n    fix: remove prod.backend.autoApply: a person confirms every production apply\n  - prod.backend.additionalWorkspaces[0]: \"team-*\" is a wildcard: a production role would trust workspaces nobody has reviewed yet\n    allowed: an exact workspace name in production\n    fix: list each workspace of project chatbot-prod that may apply prod by its exact name\n",
  ],
  [
    "a pinned Terraform version older than a stack requires",
    { mutate: (c) => { c.env.remote.backend = { ...c.env.remote.backend, terraformVersion: "1.9.8" }; } },
    "Invalid configuration (1 problem); nothing was synthesized:\n  - remote.backend.terraformVersion: \"1.9.8\" is older than remote-serverless requires (>= 1.10)\n    allowed: a Terraform release >= 1.10\n    fix: set remote.backend.terraformVersion to a release >= 1.10, or leave it out for 1.12.2\n",
  ],
  [
    "auto-apply that is not a boolean",
    { mutate: (c) => { c.env.remote.backend = { ...c.env.remote.backend, autoApply: "yes" }; } },
    "Invalid configuration (1 problem); nothing was synthesized:\n  - remote.backend.autoApply: \"yes\" is not a boolean\n    allowed: true or false\n    fix: set remote.backend.autoApply to false, or remove it\n",
  ],
  [
    "an existing Terraform Cloud provider for an account without such an environment",
    { mutate: (c) => { c.shared = { ...c.shared, terraformCloudOidcProviders: { "222222222222": "existing" } }; } },
    "Invalid configuration (1 problem); nothing was synthesized:\n  - shared.terraformCloudOidcProviders.222222222222: \"222222222222\" hosts no environment on Terraform Cloud, so no Terraform Cloud OIDC provider is created or looked up there\n    allowed: an account that hosts an environment on Terraform Cloud: one of \"123456789012\"\n    fix: correct the account id, or remove the entry\n",
  ],
];

describe("values AWS, EKS, Atlas or Terraform Cloud would refuse are refused before anything is written", () => {
  test.each(CASES)("%s", (_name, input, expected) => {
    expectRefused(harness.run(input), expected);
  });
});
