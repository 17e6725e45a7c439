/**
 * Every bad input is refused before anything is written: the command line (lib/cli.ts runCli),
 * run in-process on the real environments with one mistake each, exits 1 with a report in config
 * terms (path, value, what is allowed, the fix), no stack trace, and the previous cdktf.out intact.
 * The table covers config-level rules (lib/validate*.ts), the constructs' own rules run from the
 * config (PostgresDatabase, RedisCache, AtlasDatabase, JobQueues, DataBuckets), sections left out or
 * of the wrong type, numbers where strings belong, the command line and backend.tf.json; the tests
 * after it show several mistakes reported in one run, and a mistake in a shared file reported for
 * every environment using it. See __tests__/helpers/bad-input.ts for the harness.
 */
import { ConfigError } from "../lib/errors";
import { bugLine } from "../lib/cli";
import { BadInput, expectRefused, problem, report, STACK_FRAME, useBadInputHarness } from "./helpers/bad-input";

/** backend.tf.json with some settings replaced. */
const backendJson = (s3: Record<string, unknown>): unknown => ({
  terraform: {
    backend: {
      s3: { bucket: "chatbot-tfstate-example", region: "ap-southeast-2", dynamodb_table: "chatbot-tfstate-locks", encrypt: true, kms_key_id: "alias/chatbot-platform-tfstate", ...s3 },
    },
  },
});

const harness = useBadInputHarness();

/** [what is wrong, the input, the whole stderr]. */
const CASES: [string, BadInput, string][] = [
  // network (lib/validate.ts)
  [
    "dev.network.cidr with an octet above 255",
    { mutate: (c) => { c.env.dev.network.cidr = "10.300.0.0/16"; } },
    report(problem('dev.network.cidr: "10.300.0.0/16" has an octet above 255', 'an RFC 1918 IPv4 CIDR block with a prefix from /16 to /20, e.g. "10.20.0.0/16"', "correct dev.network.cidr")),
  ],
  [
    "dev.network.cidr with host bits set",
    { mutate: (c) => { c.env.dev.network.cidr = "10.10.1.0/16"; } },
    report(problem('dev.network.cidr: "10.10.1.0/16" has host bits set (the network address is 10.10.0.0/16)', 'an RFC 1918 IPv4 CIDR block with a prefix from /16 to /20, e.g. "10.20.0.0/16"', "correct dev.network.cidr")),
  ],
  [
    "dev.network.cidr outside the private ranges",
    { mutate: (c) => { c.env.dev.network.cidr = "8.8.0.0/16"; } },
    report(problem('dev.network.cidr: "8.8.0.0/16" is not a private (RFC 1918) range', "a block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16", "choose a private range for dev.network.cidr")),
  ],
  [
    "dev.network.cidr too small for three tiers",
    { mutate: (c) => { c.env.dev.network.cidr = "10.10.0.0/24"; } },
    report(problem('dev.network.cidr: "10.10.0.0/24" has prefix /24', "a prefix from /16 (the largest VPC AWS allows) to /20 (the smallest that holds three tiers of 8 subnets)", "choose a /16 to /20 block for dev.network.cidr")),
  ],
  [
    "staging's VPC overlapping dev's",
    { mutate: (c) => { c.env.staging.network.cidr = "10.10.192.0/18"; } },
    report(problem('staging.network.cidr: "10.10.192.0/18" overlaps dev.network.cidr (10.10.0.0/16)', "a VPC CIDR no other environment uses, so that peering and Atlas PrivateLink never collide", "move staging.network.cidr to a free range, e.g. 10.0.0.0/18")),
  ],
  [
    "subnet masks that do not fit the VPC",
    { mutate: (c) => { c.env.dev.network.cidr = "10.10.0.0/18"; c.env.dev.network.subnetMasks = { public: 22, privateApp: 22, data: 22 }; } },
    report(problem('dev.network.subnetMasks: {"public":22,"privateApp":22,"data":22} needs 24576 addresses (8 subnets per tier) but 10.10.0.0/18 has 16384', "masks whose 8 subnets per tier fit the VPC together", "use longer prefixes (smaller subnets) in dev.network.subnetMasks or a larger dev.network.cidr")),
  ],
  [
    "a subnet mask larger than the VPC allows",
    { mutate: (c) => { c.env.dev.network.subnetMasks = { public: 24, privateApp: 17, data: 24 }; } },
    report(problem("dev.network.subnetMasks.privateApp: 17 does not fit 8 privateApp subnets in 10.10.0.0/16", "an integer from /19 (8 subnets per tier inside the /16 VPC) to /28 (the smallest subnet AWS allows)", "set dev.network.subnetMasks.privateApp between 19 and 28")),
  ],
  [
    "azCount below 2",
    { mutate: (c) => { c.env.dev.network.azCount = 1; } },
    report(problem("dev.network.azCount: 1 is outside 2..6", "an integer from 2 (high availability needs two AZs) to 6", "set dev.network.azCount to 2 or 3")),
  ],
  [
    "azCount above the AZs of the region",
    { mutate: (c) => { c.env.dev.network.azCount = 4; } },
    report(problem("dev.network.azCount: 4 is more than the 3 AZs of ap-southeast-2", "at most 3 in ap-southeast-2 (lib/regions.ts)", "set dev.network.azCount to 3 or less")),
  ],
  [
    "azCount and azIds together",
    { mutate: (c) => { c.env.dev.network.azIds = ["apse2-az1", "apse2-az2"]; } },
    report(problem('dev.network.azIds: ["apse2-az1","apse2-az2"] is set together with azCount', "either azCount (the first N usable AZ IDs of the region) or azIds (exactly these AZ IDs), not both", "remove dev.network.azCount; azIds sets the number of AZs")),
  ],
  [
    "neither azCount nor azIds",
    { mutate: (c) => { delete c.env.dev.network.azCount; } },
    report(problem("dev.network.azCount: undefined is missing and so is azIds", "azCount (an integer from 2 to 6) or azIds (2 to 6 AZ IDs of the region)", "set dev.network.azCount to 2 or 3")),
  ],
  [
    "azIds with an AZ name, an unknown ID and a duplicate",
    { mutate: (c) => { delete c.env.dev.network.azCount; c.env.dev.network.azIds = ["ap-southeast-2a", "apse2-az9", "apse2-az2", "apse2-az2"]; } },
    report(
      problem('dev.network.azIds[0]: "ap-southeast-2a" is an AZ name, not an AZ ID (names map to different zones in each account)', 'one of "apse2-az1", "apse2-az2", "apse2-az3"', 'replace it with the AZ ID this zone has in account 111111111111: aws ec2 describe-availability-zones --region ap-southeast-2 --query "AvailabilityZones[].[ZoneName,ZoneId]"'),
      problem('dev.network.azIds[1]: "apse2-az9" is not an AZ ID of ap-southeast-2', 'one of "apse2-az1", "apse2-az2", "apse2-az3"', 'use an AZ ID of ap-southeast-2 (aws ec2 describe-availability-zones --region ap-southeast-2 --query "AvailabilityZones[].[ZoneName,ZoneId]"), or add it to lib/regions.ts (source: https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html)'),
      problem('dev.network.azIds: ["ap-southeast-2a","apse2-az9","apse2-az2","apse2-az2"] lists an AZ ID twice', "each AZ ID once (one subnet per tier and AZ)", "remove the duplicates from dev.network.azIds"),
    ),
  ],
  [
    "azIds with one AZ ID",
    { mutate: (c) => { delete c.env.dev.network.azCount; c.env.dev.network.azIds = ["apse2-az1"]; } },
    report(problem('dev.network.azIds: ["apse2-az1"] lists 1 AZ ID', "2 (high availability needs two AZs) to 6 AZ IDs", "add AZ IDs to dev.network.azIds")),
  ],
  [
    "an AZ where EKS cannot place the cluster",
    { mutate: (c) => { c.env.dev.region = "us-east-1"; delete c.env.dev.network.azCount; c.env.dev.network.azIds = ["use1-az1", "use1-az3"]; } },
    report(problem("dev.network.azIds[1]: \"use1-az3\" is an AZ where EKS cannot create the cluster's network interfaces (the cluster uses the private app subnet of every AZ)", 'one of "use1-az1", "use1-az2", "use1-az4", "use1-az5", "use1-az6"', "choose another AZ ID for dev.network.azIds[1] (source: https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html#cluster-subnets)")),
  ],
  [
    "azCount beyond the AZs an EKS cluster can use",
    { mutate: (c) => { c.env.dev.region = "us-east-1"; c.env.dev.network.azCount = 6; } },
    report(problem("dev.network.azCount: 6 is more than the 5 AZs of us-east-1 an EKS cluster can use", "at most 5 in us-east-1 with a platform section (EKS cannot use use1-az3; lib/regions.ts)", "set dev.network.azCount to 5 or less")),
  ],
  [
    "an unknown NAT mode",
    { mutate: (c) => { c.env.dev.network.nat = "perAZ"; } },
    report(problem('dev.network.nat: "perAZ" is not a NAT mode', 'one of "none", "single", "perAz"', 'set dev.network.nat to "single" (dev, staging) or "perAz" (prod)')),
  ],
  [
    "a flow log retention CloudWatch does not accept",
    { mutate: (c) => { c.env.dev.network.flowLogs.retentionDays = 100; } },
    report(problem("dev.network.flowLogs.retentionDays: 100 is not a CloudWatch Logs retention period", "one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653", "set dev.network.flowLogs.retentionDays to e.g. 90 or 365")),
  ],
  [
    "an unknown interface endpoint",
    { mutate: (c) => { c.env.dev.network.interfaceEndpoints = ["logs", "ecr"]; } },
    report(problem('dev.network.interfaceEndpoints[1]: "ecr" is not a supported interface endpoint', 'one of "secretsmanager", "logs", "ecr.api", "ecr.dkr", "sts", "ssm"', "remove it or correct the service name")),
  ],
  [
    "a port out of range and a data port twice",
    { mutate: (c) => { c.env.dev.network.appPort = 70000; c.env.dev.network.dataPorts = [5432, 5432]; } },
    report(
      problem("dev.network.appPort: 70000 is not a TCP port", "an integer from 1 to 65535", "set dev.network.appPort to the port the application listens on, e.g. 8000"),
      problem("dev.network.dataPorts: [5432,5432] lists a port twice", "each port once", "remove the duplicates from dev.network.dataPorts"),
    ),
  ],
  // environment
  [
    "two environments named dev",
    { mutate: (c) => { c.env.staging.name = "dev"; } },
    report(problem('dev.name: "dev" is used by environments[0] and environments[1]', "each environment name once", "give each environment file its own name")),
  ],
  [
    "an environment name with capitals",
    { mutate: (c) => { c.env.dev.name = "Prod-EU"; } },
    report(problem('Prod-EU.name: "Prod-EU" is not a valid environment name', "2 to 12 lower-case letters and digits, starting with a letter", 'rename the environment, e.g. "dev" or "prod2"')),
  ],
  [
    "a reserved environment name",
    { mutate: (c) => { c.env.dev.name = "shared"; } },
    report(problem('shared.name: "shared" is reserved', 'any other name: "shared" and "bootstrap" name the stacks and state keys shared by every environment', "rename the environment")),
  ],
  [
    "an unknown region",
    { mutate: (c) => { c.env.dev.region = "mars-north-1"; } },
    report(problem('dev.region: "mars-north-1" is not a supported region', 'one of "ap-southeast-2", "ap-southeast-1", "ap-northeast-1", "ap-northeast-2", "eu-central-1", "eu-west-1", "eu-west-2", "us-east-1", "us-east-2", "us-west-2"', "use a listed region, or add the region and its AZ IDs to lib/regions.ts")),
  ],
  [
    "an account id that is not 12 digits",
    { mutate: (c) => { c.env.dev.accountId = "12345"; } },
    report(
      problem('dev.accountId: "12345" is not an AWS account id', "exactly 12 digits, as a string", "set dev.accountId to the account the environment is deployed to"),
      problem("dev.operators.applyRoleArn: \"arn:aws:iam::111111111111:role/chatbot-platform-apply\" is not an IAM role ARN of the environment's account", "arn:aws:iam::12345:role/<name>, no wildcards", "set dev.operators.applyRoleArn to the role your CI applies dev's stacks with (AWS_APPLY_ROLE_ARN_DEV)"),
    ),
  ],
  [
    "an unknown criticality",
    { mutate: (c) => { c.env.dev.criticality = "prod"; } },
    report(problem('dev.criticality: "prod" is not a criticality', 'one of "development", "preProduction", "production", "test"', 'set dev.criticality to "production" for environments real users depend on')),
  ],
  [
    "an S3 backend with an unknown locking mode",
    { mutate: (c) => { c.env.dev.backend = { kind: "s3", locking: "none" }; } },
    report(problem('dev.backend.locking: "none" is not a locking mode', 'one of "dynamodb", "lockfile", "both"', 'set dev.backend.locking to "dynamodb" (the default), or "lockfile" with Terraform/OpenTofu >= 1.10')),
  ],
  [
    "an unknown backend kind",
    { mutate: (c) => { c.env.dev.backend = { kind: "gcs" }; } },
    report(problem('dev.backend.kind: "gcs" is not a backend kind', 'one of "s3", "cloud", "local"', 'set dev.backend to { kind: "s3" } (the shared state bucket of backend.tf.json)')),
  ],
  // serverless
  [
    "a Lambda timeout above the HTTP API's 30 s",
    { mutate: (c) => { c.env.dev.serverless.timeoutSeconds = 300; } },
    report(problem("dev.serverless.timeoutSeconds: 300 is longer than the 30 s an API Gateway HTTP API waits for its Lambda integration: requests would fail with 503 after 30 s while the function keeps running and billing", "1 to 30 seconds on the synchronous POST /chat path", "set dev.serverless.timeoutSeconds to 30 or less; for longer work, stream the answer from a Lambda function URL (up to 15 min) or accept the request, queue the job on SQS and let the client poll")),
  ],
  [
    "CORS wildcard in production",
    { mutate: (c) => { c.env.prod.serverless.allowedOrigins = ["https://chatbot.example.com", "*"]; } },
    report(problem("prod.serverless.allowedOrigins[1]: \"*\" lets any website call the production API from its users' browsers", 'exact origins (scheme://host[:port]); "*" only in development environments', "replace \"*\" with the frontend's origins, e.g. \"https://chatbot.example.com\"")),
  ],
  [
    "CORS wildcard in staging",
    { mutate: (c) => { c.env.staging.serverless.allowedOrigins = ["*"]; } },
    report(problem("staging.serverless.allowedOrigins[0]: \"*\" lets any website call the preProduction API from its users' browsers", 'exact origins (scheme://host[:port]); "*" only in development environments', "replace \"*\" with the frontend's origins, e.g. \"https://chatbot.example.com\"")),
  ],
  [
    "an origin with a path",
    { mutate: (c) => { c.env.dev.serverless.allowedOrigins = ["https://app.example.com/"]; } },
    report(problem('dev.serverless.allowedOrigins[0]: "https://app.example.com/" is not an origin', 'scheme://host[:port] with no path or trailing slash, e.g. "https://chatbot.example.com"', "remove the path or trailing slash")),
  ],
  [
    "a Lambda in the VPC without NAT",
    { mutate: (c) => { c.env.staging.network.nat = "none"; } },
    report(problem('staging.serverless.inVpc: true puts the function in subnets with no route to the internet (staging.network.nat is "none"), so every call to the AI providers would time out', 'inVpc: true with staging.network.nat "single" or "perAz"', 'set staging.network.nat to "single", or inVpc to false')),
  ],
  [
    "a Lambda in the VPC without the ssm endpoint",
    { mutate: (c) => { c.env.staging.network.interfaceEndpoints = ["logs"]; } },
    report(problem("staging.serverless.inVpc: true puts the function in the VPC without the ssm interface endpoint it reads its parameters through", '"ssm" in staging.network.interfaceEndpoints', 'add "ssm" to staging.network.interfaceEndpoints')),
  ],
  [
    "two environments with one function name in one account",
    { mutate: (c) => { delete c.env.remote.serverless.functionName; } },
    report(problem('remote.serverless.functionName: "chatbot-backend-lambda" is already used by local in account 123456789012 (ap-southeast-2)', "a function name no other environment in the same account and region uses", 'set remote.serverless.functionName to e.g. "chatbot-remote-backend-lambda"')),
  ],
  [
    "memory, log level and throttling out of range",
    { mutate: (c) => { Object.assign(c.env.dev.serverless, { memoryMb: 64, logLevel: "TRACE", throttlingRateLimit: 50, throttlingBurstLimit: 10 }); } },
    report(
      problem("dev.serverless.memoryMb: 64 is not a Lambda memory size", "an integer from 128 to 10240 (MB)", "set dev.serverless.memoryMb to 1024 (reference 002)"),
      problem('dev.serverless.logLevel: "TRACE" is not a log level', 'one of "DEBUG", "INFO", "WARNING", "ERROR"', 'set dev.serverless.logLevel to "INFO"'),
      problem("dev.serverless.throttlingBurstLimit: 10 is not a burst limit at least as large as the rate limit", "an integer from the rate limit to 100000", "set dev.serverless.throttlingBurstLimit to about twice dev.serverless.throttlingRateLimit"),
    ),
  ],
  [
    "a reservation without the account's concurrency quota",
    { mutate: (c) => { c.env.dev.serverless.reservedConcurrency = 5; } },
    report(problem("dev.serverless.reservedConcurrency: 5 reserves concurrency without dev.serverless.accountConcurrencyQuota: AWS refuses a reservation that leaves fewer than 100 executions unreserved, and new accounts often have a quota of only 10", "at most dev.serverless.accountConcurrencyQuota - 100, with the quota stated", "set dev.serverless.accountConcurrencyQuota to the account's \"Concurrent executions\" quota (Service Quotas > AWS Lambda in ap-southeast-2; the standard is 1000), or remove dev.serverless.reservedConcurrency to use the unreserved pool")),
  ],
  [
    "a reservation in an account whose quota leaves nothing to reserve",
    { mutate: (c) => { Object.assign(c.env.dev.serverless, { reservedConcurrency: 2, accountConcurrencyQuota: 10 }); } },
    report(problem("dev.serverless.reservedConcurrency: 2 is more than the account can reserve: dev.serverless.accountConcurrencyQuota is 10 and AWS keeps 100 executions unreserved, so nothing can be reserved", "no reservation while the quota is 100 or less", 'request a Lambda "Concurrent executions" quota increase in Service Quotas (ap-southeast-2) and set dev.serverless.accountConcurrencyQuota to the new quota, or remove dev.serverless.reservedConcurrency to use the unreserved pool')),
  ],
  [
    "a reservation above the quota minus 100",
    { mutate: (c) => { Object.assign(c.env.prod.serverless, { reservedConcurrency: 901 }); } },
    report(problem("prod.serverless.reservedConcurrency: 901 is more than the account can reserve: prod.serverless.accountConcurrencyQuota is 1000 and AWS keeps 100 executions unreserved, so at most 900 can be reserved", "1 to 900 (the quota minus 100), or no reservation", 'lower prod.serverless.reservedConcurrency to 900 or less, request a Lambda "Concurrent executions" quota increase in Service Quotas (ap-southeast-2) and set prod.serverless.accountConcurrencyQuota to the new quota, or remove prod.serverless.reservedConcurrency to use the unreserved pool')),
  ],
  [
    "a quota and a reservation that are not positive integers",
    { mutate: (c) => { Object.assign(c.env.dev.serverless, { reservedConcurrency: 0, accountConcurrencyQuota: 12.5 }); } },
    report(
      problem("dev.serverless.reservedConcurrency: 0 is not a usable reserved concurrency", "a positive integer (0 would disable the function)", "set dev.serverless.reservedConcurrency, or remove it to use the unreserved pool"),
      problem("dev.serverless.accountConcurrencyQuota: 12.5 is not a Lambda concurrency quota", "a positive integer: the account's \"Concurrent executions\" quota (new accounts often start at 10, the standard is 1000)", "set dev.serverless.accountConcurrencyQuota to the quota Service Quotas shows for AWS Lambda in ap-southeast-2"),
    ),
  ],
  // delivery and operators
  [
    "wildcards in the GitHub owner and repository",
    { mutate: (c) => { Object.assign(c.env.dev.delivery, { githubOwner: "acme-*", githubRepository: "*" }); } },
    report(
      problem('dev.delivery.githubOwner: "acme-*" contains a wildcard or a character GitHub does not allow', "a GitHub organization or user name: letters, digits and '-', no wildcards", "set dev.delivery.githubOwner to the exact owner of the repository"),
      problem('dev.delivery.githubRepository: "*" contains a wildcard or a character GitHub does not allow', "a repository name: letters, digits, '.', '-' and '_', no wildcards", "set dev.delivery.githubRepository to the exact repository name"),
    ),
  ],
  [
    "a wildcard in a deploy subject",
    { mutate: (c) => { c.env.dev.delivery.deploySubjects = [{ kind: "branch", name: "release/*" }]; } },
    report(problem('dev.delivery.deploySubjects[0].name: "release/*" contains a wildcard or a character GitHub does not allow', "an exact GitHub environment or branch name: letters, digits, '.', '_', '-', '/'", "set dev.delivery.deploySubjects[0].name to one exact name; list several subjects instead of a pattern")),
  ],
  [
    "a production deploy subject on a branch",
    { mutate: (c) => { c.env.prod.delivery.deploySubjects = [{ kind: "branch", name: "main" }]; } },
    report(problem('prod.delivery.deploySubjects[0]: {"kind":"branch","name":"main"} lets any workflow run on that branch deploy to production', "only { kind: \"environment\" } subjects in production, so GitHub's environment protection rules (required reviewers, branch restrictions) gate every deploy", 'create a protected GitHub environment (e.g. "prod") and use { kind: "environment", name: "prod" }')),
  ],
  [
    "a production plan role open to any pull request",
    { mutate: (c) => { delete c.env.prod.delivery.planSubjects; } },
    report(problem("prod.delivery.planSubjects: null lets any pull request assume the production plan role, which reads the whole account and its state", 'only { kind: "environment" } subjects in production', 'create a protected GitHub environment (e.g. "prod-plan") and set prod.delivery.planSubjects to [{ kind: "environment", name: "prod-plan" }]')),
  ],
  [
    "no deploy subject",
    { mutate: (c) => { c.env.dev.delivery.deploySubjects = []; } },
    report(problem("dev.delivery.deploySubjects: [] is empty", 'at least one { kind: "environment" | "branch", name }', "name the GitHub environment (or branch) that deploys dev")),
  ],
  [
    "an empty list of plan subjects",
    { mutate: (c) => { c.env.dev.delivery.planSubjects = []; } },
    report(problem("dev.delivery.planSubjects: [] is empty, so no workflow could plan", "at least one { kind, name } subject, or no planSubjects (any pull request of the repository)", "name the GitHub environment that plans dev, or remove dev.delivery.planSubjects")),
  ],
  [
    "an apply role in another account",
    { mutate: (c) => { c.env.dev.operators.applyRoleArn = "arn:aws:iam::999999999999:role/apply"; } },
    report(problem("dev.operators.applyRoleArn: \"arn:aws:iam::999999999999:role/apply\" is not an IAM role ARN of the environment's account", "arn:aws:iam::111111111111:role/<name>, no wildcards", "set dev.operators.applyRoleArn to the role your CI applies dev's stacks with (AWS_APPLY_ROLE_ARN_DEV)")),
  ],
  [
    "a wildcard apply role",
    { mutate: (c) => { c.env.dev.operators.applyRoleArn = "arn:aws:iam::111111111111:role/*"; } },
    report(problem("dev.operators.applyRoleArn: \"arn:aws:iam::111111111111:role/*\" is not an IAM role ARN of the environment's account", "arn:aws:iam::111111111111:role/<name>, no wildcards", "set dev.operators.applyRoleArn to the role your CI applies dev's stacks with (AWS_APPLY_ROLE_ARN_DEV)")),
  ],
  // platform (lib/validate-platform.ts)
  [
    "a node group whose minimum is above its maximum",
    { mutate: (c) => { Object.assign(c.env.dev.platform.nodeGroups.general, { minSize: 4, desiredSize: 4, maxSize: 3 }); } },
    report(problem("dev.platform.nodeGroups.general.minSize: 4 is greater than maxSize (3)", "minSize <= desiredSize <= maxSize", "lower dev.platform.nodeGroups.general.minSize or raise dev.platform.nodeGroups.general.maxSize")),
  ],
  [
    "an ML node group without a taint",
    { mutate: (c) => { c.env.dev.platform.nodeGroups.ml.taints = []; } },
    report(problem("dev.platform.nodeGroups.ml.taints: [] lets any pod onto the ML nodes", "at least one NO_SCHEDULE or NO_EXECUTE taint, tolerated only by ML pods", 'add { key: "workload", value: "ml", effect: "NO_SCHEDULE" } to dev.platform.nodeGroups.ml.taints')),
  ],
  [
    "an instance type the node group does not allow",
    { mutate: (c) => { c.env.dev.platform.nodeGroups.general.instanceTypes = ["p4d.24xlarge"]; } },
    report(problem('dev.platform.nodeGroups.general.instanceTypes[0]: "p4d.24xlarge" is not an instance type allowed in the general node group', "a size of the families t3, t3a, m5, m6i, m7i", 'use e.g. "t3.medium", or move the workload to the group whose families fit it')),
  ],
  [
    "a public API endpoint open to 0.0.0.0/0",
    { mutate: (c) => { c.env.dev.platform.publicEndpointCidrs = ["0.0.0.0/0"]; } },
    report(problem('dev.platform.publicEndpointCidrs[0]: "0.0.0.0/0" opens the Kubernetes API to the whole internet', "the CIDRs of your VPN or CI egress, or no public endpoint at all", "remove dev.platform.publicEndpointCidrs[0]; reach the private endpoint from inside the VPC, or list your egress CIDRs")),
  ],
  [
    "a wide public endpoint CIDR in production",
    { mutate: (c) => { c.env.prod.platform.publicEndpointCidrs = ["198.51.0.0/16"]; } },
    report(problem('prod.platform.publicEndpointCidrs[0]: "198.51.0.0/16" is too wide for a production API endpoint', "a block of /24 or narrower", "list the exact egress CIDRs of your VPN or CI in prod.platform.publicEndpointCidrs[0]")),
  ],
  [
    "production on one general node and one backend replica",
    { mutate: (c) => { Object.assign(c.env.prod.platform.nodeGroups.general, { minSize: 1, desiredSize: 1 }); c.env.prod.platform.apps = { ...c.env.prod.platform.apps, backendScaling: { minReplicas: 1, maxReplicas: 10, targetCpuPercent: 70 } }; } },
    report(
      problem("prod.platform.nodeGroups.general.minSize: 1 leaves production's system pods on fewer than two nodes", "2 or more in production", "set prod.platform.nodeGroups.general.minSize to 2"),
      problem("prod.platform.apps.backendScaling.minReplicas: 1 leaves production on a single backend replica", "2 or more in production", "set prod.platform.apps.backendScaling.minReplicas to 2"),
    ),
  ],
  [
    "kube-proxy built for another Kubernetes version",
    { mutate: (c) => { c.env.prod.platform.addons = { ...c.env.prod.platform.addons, kubeProxy: "v1.33.3-eksbuild.1" }; } },
    report(problem("prod.platform.addons.kubeProxy: \"v1.33.3-eksbuild.1\" does not match the cluster's Kubernetes version 1.34", "a v1.34.x-eksbuild.N build", "set prod.platform.addons.kubeProxy to the v1.34 build `aws eks describe-addon-versions --addon-name kube-proxy --kubernetes-version 1.34` lists")),
  ],
  [
    "a Cluster Autoscaler image of another minor",
    { mutate: (c) => { const charts = c.env.prod.platform.apps.charts; c.env.prod.platform.apps = { ...c.env.prod.platform.apps, charts: { ...charts, clusterAutoscaler: { version: "9.50.1", imageTag: "v1.33.0" } } }; } },
    report(problem("prod.platform.apps.charts.clusterAutoscaler.imageTag: \"v1.33.0\" is not a Cluster Autoscaler release for the cluster's Kubernetes version 1.34", "a Cluster Autoscaler v1.34.x image (upstream supports only the cluster's minor)", 'set prod.platform.apps.charts.clusterAutoscaler.imageTag to "v1.34.0" (CLUSTER_AUTOSCALER_IMAGE_TAGS in environments/cluster-versions.ts)')),
  ],
  [
    "a Cluster Autoscaler chart whose own image is of another minor",
    { mutate: (c) => { const charts = c.env.prod.platform.apps.charts; c.env.prod.platform.apps = { ...c.env.prod.platform.apps, charts: { ...charts, clusterAutoscaler: { version: "9.50.1" } } }; } },
    report(problem("prod.platform.apps.charts.clusterAutoscaler.version: \"9.50.1\" ships Cluster Autoscaler 1.33.0, which does not support the cluster's Kubernetes version 1.34", "a Cluster Autoscaler v1.34.x image (upstream supports only the cluster's minor)", 'set prod.platform.apps.charts.clusterAutoscaler.imageTag to "v1.34.0" (CLUSTER_AUTOSCALER_IMAGE_TAGS in environments/cluster-versions.ts)')),
  ],
  [
    "a Cluster Autoscaler chart whose image is not recorded",
    { mutate: (c) => { const charts = c.env.prod.platform.apps.charts; c.env.prod.platform.apps = { ...c.env.prod.platform.apps, charts: { ...charts, clusterAutoscaler: { version: "9.99.0" } } }; } },
    report(problem('prod.platform.apps.charts.clusterAutoscaler.version: "9.99.0" is a chart version whose Cluster Autoscaler version is not recorded, so its match with the cluster cannot be checked', 'one of "9.50.1", or any version with prod.platform.apps.charts.clusterAutoscaler.imageTag set', 'add it with its APP VERSION (`helm search repo autoscaler/cluster-autoscaler --versions`) to CLUSTER_AUTOSCALER_CHART_APP_VERSIONS in environments/cluster-versions.ts, or set prod.platform.apps.charts.clusterAutoscaler.imageTag to "v1.34.0" (CLUSTER_AUTOSCALER_IMAGE_TAGS in environments/cluster-versions.ts)')),
  ],
  [
    "an unsupported Kubernetes version, a chart range and a bad access entry",
    { mutate: (c) => { const p = c.env.prod.platform; p.kubernetesVersion = "1.29"; p.apps = { ...p.apps, charts: { ...p.apps.charts, argoCd: { version: "^8.0.0" } } }; p.access = [{ roleArn: "arn:aws:iam::999999999999:role/*", access: "cluster-admin", namespaces: ["chatbot"] }]; } },
    report(
      problem('prod.platform.kubernetesVersion: "1.29" is not a Kubernetes version in EKS standard support', 'one of "1.33", "1.34", "1.35"', 'set prod.platform.kubernetesVersion to "1.35"'),
      problem("prod.platform.access[0].roleArn: \"arn:aws:iam::999999999999:role/*\" is not an IAM role ARN of the environment's account", "arn:aws:iam::333333333333:role/<name>, no wildcards", "use the exact ARN of the role (e.g. the SSO permission set's role)"),
      problem('prod.platform.access[0].namespaces: ["chatbot"] limits cluster-admin to namespaces, which EKS does not allow', 'no namespaces with "cluster-admin"; "admin", "edit" or "view" with namespaces', 'use access "admin" for namespace-scoped administration'),
      problem("prod.platform.addons.kubeProxy: \"v1.34.0-eksbuild.5\" does not match the cluster's Kubernetes version 1.29", "a v1.29.x-eksbuild.N build", "set prod.platform.addons.kubeProxy to the v1.29 build `aws eks describe-addon-versions --addon-name kube-proxy --kubernetes-version 1.29` lists"),
      problem('prod.platform.apps.charts.argoCd.version: "^8.0.0" is not an exact chart version', "MAJOR.MINOR.PATCH (no ranges, no 'latest')", "pin prod.platform.apps.charts.argoCd.version to a version `helm search repo --versions` lists"),
    ),
  ],
  [
    "access entries for the apply and plan roles the platform lets in itself",
    { mutate: (c) => { c.env.dev.platform.access = [{ roleArn: "arn:aws:iam::111111111111:role/chatbot-platform-apply", access: "cluster-admin" }, { roleArn: "arn:aws:iam::111111111111:role/chatbot-dev-github-plan", access: "view", namespaces: ["chatbot"] }]; } },
    report(
      problem("dev.platform.access[0].roleArn: \"arn:aws:iam::111111111111:role/chatbot-platform-apply\" is the environment's apply role (operators.applyRoleArn), which the platform stack makes cluster-admin itself", "roles other than the apply role and the pull-request plan role", "remove dev.platform.access[0]"),
      problem('dev.platform.access[1].roleArn: "arn:aws:iam::111111111111:role/chatbot-dev-github-plan" is the pull-request plan role (chatbot-dev-github-plan), which the platform stack lets in with view access itself', "roles other than the apply role and the pull-request plan role", "remove dev.platform.access[1]"),
    ),
  ],
  [
    "a private-only API endpoint nobody but the nodes can reach",
    { mutate: (c) => { c.env.dev.platform.privateEndpointClientCidrs = []; } },
    report(problem("dev.platform.privateEndpointClientCidrs: [] leaves the private-only API endpoint reachable by the nodes alone, so nothing could apply <env>-apps", "the networks of your VPN, self-hosted CI runners or bastion (or publicEndpointCidrs)", 'set dev.platform.privateEndpointClientCidrs to e.g. ["10.10.0.0/16"] for runners in the VPC')),
  ],
  [
    "no platform in a development environment",
    { mutate: (c) => { delete c.env.dev.platform; } },
    report(problem("dev.platform: undefined is missing", 'a PlatformConfig for every development environment (only "test" environments run without a cluster)', "add a platform section to environments/dev.ts (copy the one of dev.ts)")),
  ],
  [
    "a system namespace as an application namespace",
    { mutate: (c) => { const apps = c.env.dev.platform.apps; apps.namespaces = [{ ...apps.namespaces[0], name: "kube-system" }, apps.namespaces[1]]; } },
    report(problem('dev.platform.apps.namespaces[0].name: "kube-system" is not an application namespace name', "a DNS label (lower-case letters, digits, '-'), not one of default, kube-system, kube-public, kube-node-lease, argocd", 'rename it, e.g. "chatbot"')),
  ],
  // data: criticality rules (lib/validate-data.ts)
  [
    "a production database in one AZ",
    { mutate: (c) => { c.env.prod.data.postgres.deployment = "singleAz"; } },
    report(problem('prod.data.postgres.deployment: "singleAz" leaves the production database in one AZ', '"multiAz" in production', 'set prod.data.postgres.deployment to "multiAz"')),
  ],
  [
    "production backups, deletion protection and instance size",
    { mutate: (c) => { Object.assign(c.env.prod.data.postgres, { backupRetentionDays: 3, deletionProtection: "disabled", instanceClass: "db.t3.micro" }); } },
    report(
      problem('prod.data.postgres.instanceClass: "db.t3.micro" is an instance class not allowed for production databases', "db.t3.medium or larger (reference 004)", 'set prod.data.postgres.instanceClass to "db.t3.medium" or a db.m/db.r class'),
      problem("prod.data.postgres.backupRetentionDays: 3 keeps production backups for less than a week", "7 to 35 in production", "set prod.data.postgres.backupRetentionDays to 7 or more"),
      problem('prod.data.postgres.deletionProtection: "disabled" lets a production database be deleted by one apply', '"enabled" in production', 'set prod.data.postgres.deletionProtection to "enabled"'),
    ),
  ],
  [
    "an Atlas tier below M10",
    { mutate: (c) => { c.env.dev.data.atlas.instanceSize = "M5"; } },
    report(problem('dev.data.atlas.instanceSize: "M5" is below M10: shared (M0, M2, M5) and Flex clusters support neither private endpoints nor cloud backup', 'one of "M10", "M20", "M30", "M40", "M50", "M60", "M80", "M140", "M200", "M300", "M400", "M700"', 'set dev.data.atlas.instanceSize to "M10" or larger')),
  ],
  [
    "production Redis on a single node",
    { mutate: (c) => { Object.assign(c.env.prod.data.redis, { replicas: 0, failover: "none" }); } },
    report(problem('prod.data.redis.failover: {"failover":"none","replicas":0} leaves production sessions on one node or one AZ', 'failover "multiAz" with at least 1 replica (2 nodes) in production', 'set prod.data.redis.failover to "multiAz" and prod.data.redis.replicas to 1 or more')),
  ],
  [
    "no Redis and no Atlas in a development environment",
    { mutate: (c) => { delete c.env.dev.data.redis; delete c.env.dev.data.atlas; } },
    report(
      problem("dev.data.redis: undefined is missing", 'a RedisConfig (only "test" environments, applied to a fake cloud without ElastiCache, run without one)', "add a redis section to dev.data (copy the one of dev.ts)"),
      problem("dev.data.atlas: undefined is missing", 'an AtlasConfig (only "test" environments, applied to a fake cloud without Atlas, run without one)', "add an atlas section to dev.data (copy the one of dev.ts)"),
    ),
  ],
  [
    "an alarm topic in another account",
    { mutate: (c) => { c.env.dev.data.alarmActions = ["arn:aws:sns:ap-southeast-2:999999999999:alerts"]; } },
    report(problem('dev.data.alarmActions[0]: "arn:aws:sns:ap-southeast-2:999999999999:alerts" is not an SNS topic of the environment', "arn:aws:sns:ap-southeast-2:111111111111:<topic>", "use the ARN of a topic in the environment's account and region")),
  ],
  [
    "a data tier nothing could reach",
    { mutate: (c) => { c.env.local.serverless.inVpc = false; } },
    report(problem("local.serverless.inVpc: false leaves local.data without any client: the Lambda runs outside the VPC and there is no cluster (no platform section), so nothing could reach the databases", "true when the environment has a data section and no platform section", "set local.serverless.inVpc to true, add a platform section, or remove local.data")),
  ],
  // data: construct rules (PostgresDatabase, RedisCache, AtlasDatabase, JobQueues, DataBuckets)
  [
    "an Atlas disk size Atlas rejects",
    { mutate: (c) => { c.env.dev.data.atlas.diskSizeGb = 5; } },
    report(problem("dev.data.atlas.diskSizeGb: 5 is outside the disk sizes Atlas accepts", "an integer from 10 to 4096", "set dev.data.atlas.diskSizeGb to the size the data needs, e.g. 10")),
  ],
  [
    "a malformed Atlas organization id",
    { mutate: (c) => { c.env.staging.data.atlas.organizationId = "my-org"; } },
    report(problem('staging.data.atlas.organizationId: "my-org" is not an Atlas organization id', '24 hexadecimal characters, e.g. "5f1e2d3c4b5a69788796a5b4"', "copy the id from Atlas > Organization Settings")),
  ],
  [
    "an Atlas auto-scaling minimum above the tier",
    { mutate: (c) => { c.env.prod.data.atlas.autoScaling.minInstanceSize = "M30"; } },
    report(problem('prod.data.atlas.autoScaling.minInstanceSize: "M30" is above instanceSize "M20"', 'a tier from "M10" up to instanceSize "M20"', 'lower prod.data.atlas.autoScaling.minInstanceSize to "M20" or below, or raise prod.data.atlas.instanceSize')),
  ],
  [
    "an Atlas auto-scaling range of one tier",
    { mutate: (c) => { c.env.prod.data.atlas.autoScaling.maxInstanceSize = "M20"; } },
    report(problem('prod.data.atlas.autoScaling.maxInstanceSize: "M20" equals autoScaling.minInstanceSize: compute auto-scaling needs at least two tiers', "a tier above autoScaling.minInstanceSize", "raise prod.data.atlas.autoScaling.maxInstanceSize, or omit prod.data.atlas.autoScaling to keep the tier fixed")),
  ],
  [
    "a MongoDB version that is not a major one",
    { mutate: (c) => { c.env.dev.data.atlas.mongoDbMajorVersion = "7"; } },
    report(problem('dev.data.atlas.mongoDbMajorVersion: "7" is not a MongoDB major version', 'a major version such as "7.0" or "8.0"', "set dev.data.atlas.mongoDbMajorVersion to a major version Atlas still supports")),
  ],
  [
    "an Atlas protection that is not a choice",
    { mutate: (c) => { c.env.dev.data.atlas.pointInTimeRecovery = "on"; } },
    report(problem('dev.data.atlas.pointInTimeRecovery: "on" is not a choice', '"enabled", "disabled"', 'use "enabled" where data loss between snapshots matters (production)')),
  ],
  [
    "a PostgreSQL version with no parameter group family",
    { mutate: (c) => { c.env.dev.data.postgres.engineVersion = "9.6"; } },
    report(problem('dev.data.postgres.engineVersion: "9.6" is not a PostgreSQL version this construct can map to a parameter group family', '"<major>" or "<major>.<minor>" with major 10 or later (family postgres<major>)', 'use e.g. "16" or "16.6"')),
  ],
  [
    "a backup window overlapping the maintenance window",
    { mutate: (c) => { c.env.dev.data.postgres.backupWindow = "17:00-18:00"; } },
    report(problem('dev.data.postgres.backupWindow: "17:00-18:00" overlaps maintenanceWindow "sun:17:00-sun:17:30", which RDS rejects', "a daily backup window outside the weekly maintenance window", "move one of them")),
  ],
  [
    "storage autoscaling without room to grow",
    { mutate: (c) => { c.env.dev.data.postgres.maxAllocatedStorageGb = 21; } },
    report(problem("dev.data.postgres.maxAllocatedStorageGb: 21 is not at least 10% above allocatedStorageGb (20), which storage autoscaling needs as its ceiling", "an integer from 22 to 65536 (GiB)", "set it to at least 22 (AWS recommends 26% above, 26)")),
  ],
  [
    "a Performance Insights retention AWS does not offer",
    { mutate: (c) => { c.env.dev.data.postgres.performanceInsightsRetentionDays = 30; } },
    report(problem("dev.data.postgres.performanceInsightsRetentionDays: 30 is not a retention Performance Insights offers", "7 (free tier), 31 * n for n in 1..23, or 731", "use 7, or leave it unset to turn Performance Insights off")),
  ],
  [
    "a database deployment that is not a choice",
    { mutate: (c) => { c.env.dev.data.postgres.deployment = "multi-az"; } },
    report(problem('dev.data.postgres.deployment: "multi-az" is not a deployment', 'one of "singleAz", "multiAz"', 'use "multiAz" for a standby in another AZ, "singleAz" otherwise')),
  ],
  [
    "a database log retention CloudWatch does not offer",
    { mutate: (c) => { c.env.dev.data.postgres.logRetentionDays = 100; } },
    report(problem("dev.data.postgres.logRetentionDays: 100 is not a retention CloudWatch Logs offers", "one of 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653", "use the nearest allowed value, e.g. 365")),
  ],
  [
    "automatic Redis failover with no replica",
    { mutate: (c) => { c.env.staging.data.redis.replicas = 0; } },
    report(problem('staging.data.redis.failover: "automatic" needs at least 2 nodes but replicas is 0 (1 node)', '"none" with 0 replicas; "automatic" or "multiAz" with 1 or more', 'set staging.data.redis.replicas to 1 or more, or staging.data.redis.failover to "none"')),
  ],
  [
    "a Redis snapshot window under an hour",
    { mutate: (c) => { c.env.dev.data.redis.snapshotWindow = "15:00-15:30"; } },
    report(problem('dev.data.redis.snapshotWindow: "15:00-15:30" is not a daily window of at least 60 minutes', '"hh24:mi-hh24:mi" in UTC, at least 60 minutes', 'use e.g. "16:00-17:00"')),
  ],
  [
    "a Redis version without IAM authentication",
    { mutate: (c) => { c.env.dev.data.redis.engineVersion = "6.2"; } },
    report(problem('dev.data.redis.engineVersion: "6.2" is not a Redis OSS version with IAM authentication', '"<major>.<minor>" from 7.0 on (family redis<major>)', 'use e.g. "7.1"')),
  ],
  [
    "a node type that is not an ElastiCache one",
    { mutate: (c) => { c.env.dev.data.redis.nodeType = "t4g.micro"; } },
    report(problem('dev.data.redis.nodeType: "t4g.micro" is not an ElastiCache node type', 'cache.<family>.<size>, e.g. "cache.t4g.micro"', 'use e.g. "cache.t4g.micro"')),
  ],
  [
    "a queue name SQS would refuse",
    { mutate: (c) => { c.env.dev.data = { ...c.env.dev.data, queues: [{ ...c.env.dev.data.queues[0], name: "Conversation_Logging" }] }; } },
    report(problem('dev.data.queues[0].name: "Conversation_Logging" is not a valid queue name', "a lower-case letter, then 1 to 40 lower-case letters, digits or hyphens", 'rename it, e.g. "conversation-logging"')),
  ],
  [
    "a dead-letter queue keeping messages shorter than its queue",
    { mutate: (c) => { c.env.dev.data = { ...c.env.dev.data, queues: [{ ...c.env.dev.data.queues[2], dlqRetentionDays: 7 }] }; } },
    report(problem("dev.data.queues[0].dlqRetentionDays: 7 is shorter than messageRetentionDays (14): SQS keeps a message's original enqueue time when it moves it to the dead-letter queue, which would delete failed messages before anyone sees them", "at least 14", "leave dlqRetentionDays unset (14) or raise it")),
  ],
  [
    "a queue whose jobs expire before the dead-letter queue",
    { mutate: (c) => { c.env.dev.data = { ...c.env.dev.data, queues: [{ name: "analytics", visibilityTimeoutSeconds: 43200, messageRetentionDays: 1, maxReceiveCount: 2 }] }; } },
    report(problem("dev.data.queues[0].visibilityTimeoutSeconds: 43200 times maxReceiveCount (2) is 86400 s, not less than the 86400 s a message is retained: a job that keeps timing out expires before it reaches the dead-letter queue", "maxReceiveCount × visibilityTimeoutSeconds < messageRetentionDays × 86400", "lower visibilityTimeoutSeconds or maxReceiveCount, or raise messageRetentionDays")),
  ],
  [
    "a queue listed twice",
    { mutate: (c) => { const q = c.env.dev.data.queues; c.env.dev.data = { ...c.env.dev.data, queues: [...q, q[0]] }; } },
    report(problem('dev.data.queues[4].name: "conversation-logging" repeats queues[0].name', "each queue name once", "remove the duplicate or rename one of them")),
  ],
  [
    "a bucket name with dots",
    { mutate: (c) => { c.env.dev.data = { ...c.env.dev.data, buckets: [{ name: "ML.Artifacts" }] }; } },
    report(problem('dev.data.buckets[0].name: "ML.Artifacts" is not a valid bucket name part', "lower-case letters, digits and hyphens, starting and ending with a letter or digit (no dots: they break TLS for virtual-hosted requests)", 'rename it, e.g. "ml-artifacts"')),
  ],
  [
    "a bucket expiring objects before archiving them",
    { mutate: (c) => { c.env.dev.data = { ...c.env.dev.data, buckets: [{ name: "exports", transitionToGlacierDays: 90, expireCurrentObjectsDays: 30 }] }; } },
    report(problem("dev.data.buckets[0].expireCurrentObjectsDays: 30 is not after transitionToGlacierDays (90); S3 rejects an expiration that does not come after the transition", "more than 90", "raise expireCurrentObjectsDays, or lower transitionToGlacierDays")),
  ],
  [
    "a bucket named like the access log bucket",
    { mutate: (c) => { c.env.dev.data = { ...c.env.dev.data, buckets: [{ name: "data-access-logs" }] }; } },
    report(problem('dev.data.buckets[0].name: "data-access-logs" is taken by the access log bucket', 'any name but "data-access-logs" and "access-log"', "rename the bucket")),
  ],
  [
    "an access log retention of zero days",
    { mutate: (c) => { c.env.dev.data.bucketLogRetentionDays = 0; } },
    report(problem("dev.data.bucketLogRetentionDays: 0 is out of range", "an integer from 1 to 36500", "pick how many days access logs are kept, e.g. 365")),
  ],
  // a section missing, or not an object (a config written without the compiler's help)
  [
    "data.postgres missing",
    { mutate: (c) => { delete c.env.dev.data.postgres; } },
    report(problem("dev.data.postgres: undefined is missing", "a PostgresConfig object", "add a postgres section to dev.data (copy the one of dev.ts)")),
  ],
  [
    "network missing",
    { mutate: (c) => { delete c.env.dev.network; } },
    report(problem("dev.network: undefined is missing", "a NetworkConfig object", "add a network section to environments/dev.ts")),
  ],
  [
    "serverless missing",
    { mutate: (c) => { delete c.env.dev.serverless; } },
    report(problem("dev.serverless: undefined is missing", "a ServerlessConfig object", "add a serverless section to environments/dev.ts")),
  ],
  [
    "delivery missing",
    { mutate: (c) => { delete c.env.dev.delivery; } },
    report(problem("dev.delivery: undefined is missing", "a DeliveryConfig object", "add a delivery section to environments/dev.ts")),
  ],
  [
    "operators missing",
    { mutate: (c) => { delete c.env.dev.operators; } },
    report(problem("dev.operators: undefined is missing", "{ applyRoleArn }", "add an operators section to environments/dev.ts naming the role that applies its stacks")),
  ],
  [
    "backend missing",
    { mutate: (c) => { delete c.env.dev.backend; } },
    report(problem("dev.backend: undefined is missing", '{ kind: "s3" | "cloud" | "local", ... }', 'set dev.backend to { kind: "s3" } (the shared state bucket of backend.tf.json)')),
  ],
  [
    "network as a string",
    { mutate: (c) => { c.env.dev.network = "10.10.0.0/16"; } },
    report(problem('dev.network: "10.10.0.0/16" is not an object', "a NetworkConfig object", "replace dev.network with a NetworkConfig object")),
  ],
  [
    "data as a list",
    { mutate: (c) => { c.env.dev.data = []; } },
    report(problem("dev.data: [] is not an object", "a DataConfig for every development environment", "make dev.data an object like the data section of dev.ts")),
  ],
  [
    "data.atlas as a string",
    { mutate: (c) => { c.env.dev.data.atlas = "M10"; } },
    report(problem('dev.data.atlas: "M10" is not an object', 'an AtlasConfig (only "test" environments, applied to a fake cloud without Atlas, run without one)', "make dev.data.atlas an object like the one of dev.ts")),
  ],
  [
    "platform.nodeGroups.ml null",
    { mutate: (c) => { c.env.dev.platform.nodeGroups.ml = null; } },
    report(problem("dev.platform.nodeGroups.ml: null is missing", "a NodeGroupConfig (both general and ml groups are required)", "add dev.platform.nodeGroups.ml")),
  ],
  [
    "platform.apps missing",
    { mutate: (c) => { delete c.env.dev.platform.apps; } },
    report(problem("dev.platform.apps: undefined is missing", "a ClusterAppsConfig { charts, namespaces, backendScaling }", "add dev.platform.apps (copy the one of dev.ts)")),
  ],
  [
    "network.flowLogs missing",
    { mutate: (c) => { delete c.env.dev.network.flowLogs; } },
    report(problem("dev.network.flowLogs: undefined is missing", "{ retentionDays, trafficType? }", "add dev.network.flowLogs; VPC flow logs are required")),
  ],
  [
    "a deploy subject that is null",
    { mutate: (c) => { c.env.dev.delivery.deploySubjects = [null]; } },
    report(problem("dev.delivery.deploySubjects[0]: null is not a subject", '{ kind: "environment" | "branch", name }', "replace dev.delivery.deploySubjects[0] with a subject, or remove it")),
  ],
  [
    "a queue that is null",
    { mutate: (c) => { c.env.dev.data = { ...c.env.dev.data, queues: [null] }; } },
    report(problem("dev.data.queues[0]: null is not a queue", "{ name, visibilityTimeoutSeconds, messageRetentionDays, maxReceiveCount }", "replace it with a queue, or remove it")),
  ],
  [
    "a taint without a key",
    { mutate: (c) => { c.env.dev.platform.nodeGroups.ml.taints = [{ value: "ml", effect: "NO_SCHEDULE" }]; } },
    report(problem("dev.platform.nodeGroups.ml.taints[0].key: undefined is not a taint key", "a Kubernetes label key: up to 63 letters, digits, '-', '_', '.', optionally prefixed by a DNS name and '/'", 'set dev.platform.nodeGroups.ml.taints[0].key, e.g. "workload"')),
  ],
  [
    "an environment list entry that is undefined",
    { mutate: (c) => { c.environments = [...c.environments, undefined]; } },
    report(problem("environments[5]: undefined is not an environment", "an EnvironmentConfig object", "list the environment files' exports in environments/index.ts")),
  ],
  [
    "SHARED missing",
    { mutate: (c) => { c.shared = undefined; } },
    report(problem("shared: null is missing", "a SharedConfig object", "export shared from environments/shared.ts")),
  ],
  [
    "STATE missing",
    { mutate: (c) => { c.state = undefined; } },
    report(problem("state: null is missing", "a StateConfig object", "export STATE from environments/accounts.ts")),
  ],
  // type confusion: a number, boolean or null where a string belongs
  [
    "an account id written as a number",
    { mutate: (c) => { c.env.dev.accountId = 111111111111; } },
    report(problem("dev.accountId: 111111111111 is not a string", "exactly 12 digits, as a string", 'write it in quotes: "111111111111"')),
  ],
  [
    "the state account id written as a number",
    { mutate: (c) => { c.state.accountId = 444444444444; } },
    report(problem("state.accountId: 444444444444 is not a string", "exactly 12 digits, as a string", 'write it in quotes: "444444444444"')),
  ],
  [
    "the registry account id written as a number",
    { mutate: (c) => { c.shared.registryAccountId = 444444444444; } },
    report(problem("shared.registryAccountId: 444444444444 is not a string", "exactly 12 digits, as a string", 'write it in quotes: "444444444444"')),
  ],
  [
    "a PostgreSQL version written as a number",
    { mutate: (c) => { c.env.dev.data.postgres.engineVersion = 16; } },
    report(problem("dev.data.postgres.engineVersion: 16 is not a string", '"<major>" or "<major>.<minor>" with major 10 or later (family postgres<major>)', 'write it in quotes: "16"')),
  ],
  [
    "a Redis version written as a number",
    { mutate: (c) => { c.env.dev.data.redis.engineVersion = 7.1; } },
    report(problem("dev.data.redis.engineVersion: 7.1 is not a string", '"<major>.<minor>" from 7.0 on (family redis<major>)', 'write it in quotes: "7.1"')),
  ],
  [
    "a Kubernetes version written as a number",
    { mutate: (c) => { c.env.dev.platform.kubernetesVersion = 1.34; } },
    report(problem("dev.platform.kubernetesVersion: 1.34 is not a string", 'one of "1.33", "1.34", "1.35"', 'write it in quotes: "1.34"')),
  ],
  [
    "an Atlas disk size written as a string",
    { mutate: (c) => { c.env.dev.data.atlas.diskSizeGb = "20"; } },
    report(problem('dev.data.atlas.diskSizeGb: "20" is not a number', "an integer from 10 to 4096", "set dev.data.atlas.diskSizeGb to the size the data needs, e.g. 10")),
  ],
  [
    "a GitHub owner that is null",
    { mutate: (c) => { c.env.dev.delivery.githubOwner = null; } },
    report(problem("dev.delivery.githubOwner: null is missing", "a GitHub organization or user name: letters, digits and '-', no wildcards", "set dev.delivery.githubOwner to the exact owner of the repository")),
  ],
  [
    "a tag value written as a number",
    { mutate: (c) => { c.env.dev.tags = { ...c.env.dev.tags, CostCenter: 42 }; } },
    report(problem("dev.tags.CostCenter: 42 is not a string", "a string of at most 256 characters", "write the value of tag CostCenter as a string")),
  ],
  [
    "inVpc written as a string",
    { mutate: (c) => { c.env.dev.serverless.inVpc = "yes"; } },
    report(problem('dev.serverless.inVpc: "yes" is not a boolean', "true or false", "set dev.serverless.inVpc to true (private subnets, egress through NAT) or false, or remove it")),
  ],
  [
    "a Terraform Cloud organization written as a number",
    { mutate: (c) => { c.env.remote.backend = { ...c.env.remote.backend, organization: 12345 }; } },
    report(problem("remote.backend.organization: 12345 is not a string", "3 to 40 letters, digits, '-' or '_'", 'write it in quotes: "12345"')),
  ],
  // state and shared settings
  [
    "every state-account problem",
    { mutate: (c) => { c.state = { accountId: "4444", administratorArns: ["arn:aws:iam::444444444444:role/*"], bootstrapState: "remote" }; } },
    report(
      problem('state.accountId: "4444" is not an AWS account id', "exactly 12 digits, as a string", "set STATE.accountId in environments/accounts.ts"),
      problem('state.administratorArns[0]: "arn:aws:iam::444444444444:role/*" is not an IAM role or user ARN', "arn:aws:iam::<account>:role/<name> or :user/<name>, no wildcards", "use the exact ARN of the administrators' role"),
      problem('state.bootstrapState: "remote" is not a state location', 'one of "local", "s3"', 'set STATE.bootstrapState to "local" before the first bootstrap apply and to "s3" after it'),
    ),
  ],
  [
    "no state administrator",
    { mutate: (c) => { c.state.administratorArns = []; } },
    report(problem("state.administratorArns: [] is empty", "at least one IAM role or user ARN", "name the role your platform administrators use, so that someone can repair state by hand")),
  ],
  [
    "shared registry settings",
    { mutate: (c) => { Object.assign(c.shared, { repositories: ["Chatbot_Backend"], keepReleaseImages: 0 }); } },
    report(
      problem('shared.repositories[0]: "Chatbot_Backend" is not an ECR repository name', "lower-case letters, digits, '.', '_', '-', '/' separated names, at most 256 characters", "rename the repository"),
      problem("shared.keepReleaseImages: 0 is not a count of images", "an integer from 1 to 10000", "set shared.keepReleaseImages to e.g. 30"),
    ),
  ],
  [
    "GitHub OIDC provider choices for the registry-only account, a non-account key and an unknown source",
    { mutate: (c) => { c.shared.githubOidcProviders = { "444444444444": "existing", prod: "create", "111111111111": "lookup" }; } },
    report(
      problem('shared.githubOidcProviders.444444444444: "444444444444" hosts no environment, so no GitHub OIDC provider is created or looked up there', 'an account that hosts an environment: one of "111111111111", "222222222222", "333333333333", "123456789012"', "correct the account id, or remove the entry"),
      problem('shared.githubOidcProviders.prod: "prod" is not an AWS account id', "exactly 12 digits, as a string", "use the accountId of an environment as the key"),
      problem('shared.githubOidcProviders.111111111111: "lookup" is not a GitHub OIDC provider source', 'one of "create", "existing"', 'set shared.githubOidcProviders.111111111111 to "existing" if the account already has an OIDC provider for token.actions.githubusercontent.com (IAM allows only one), otherwise to "create"'),
    ),
  ],
  [
    "GitHub OIDC provider choices that are not a map",
    { mutate: (c) => { c.shared.githubOidcProviders = ["existing"]; } },
    report(problem('shared.githubOidcProviders: ["existing"] is not a map of account ids to provider sources', '{ "<account id>": "create" | "existing" }', 'set shared.githubOidcProviders to e.g. { "111111111111": "existing" }, or remove it to create the provider in every account')),
  ],
  // command line
  [
    "an unknown environment",
    { argv: ["--env", "qa"] },
    report(problem('--env: "qa" is not a known environment', 'one of "dev", "staging", "prod", "local", "remote"', "pass one of the names above, or add environments/qa.ts and list it in environments/index.ts")),
  ],
  [
    "--env without a name",
    { argv: ["--env"] },
    report(problem("--env: null has no environment name after it", "--env <name>[,<name>...]", "pass an environment name, e.g. --env prod")),
  ],
  [
    "--env= naming no environment",
    { argv: ["--env="] },
    report(problem('--env: "" names no environment', "--env <name>[,<name>...]", "pass an environment name, e.g. --env prod, or leave --env out to synthesize every environment")),
  ],
  [
    "an argument synth does not know",
    { argv: ["--stack", "dev-network"] },
    report(
      problem('argv: "--stack" is not an option of synth', "--env <name>[,<name>...] (repeatable), --debug", "remove the argument, or use --env to pick environments"),
      problem('argv: "dev-network" is not an option of synth', "--env <name>[,<name>...] (repeatable), --debug", "remove the argument, or use --env to pick environments"),
    ),
  ],
  // backend.tf.json (lib/backend.ts)
  [
    "backend.tf.json without encryption",
    { backend: backendJson({ encrypt: false }) },
    report(problem("backend.tf.json:terraform.backend.s3.encrypt: false is not valid", "true (state holds sensitive values)", "set encrypt to true")),
  ],
  [
    "a state bucket name too long for its access-log bucket",
    { backend: backendJson({ bucket: "a".repeat(52) }) },
    report(problem('backend.tf.json:terraform.backend.s3.bucket: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" is not valid', "an S3 bucket name of 3-51 lower-case letters, digits, '.' and '-' (its access-log bucket adds 12 characters to the 63 S3 allows)", "set a bucket name your organization owns")),
  ],
  [
    "backend.tf.json without an s3 backend",
    { backend: { terraform: { backend: { local: {} } } } },
    report(problem("backend.tf.json:terraform.backend.s3: undefined is missing", "an object with bucket, region, dynamodb_table, encrypt, kms_key_id", "restore backend.tf.json from version control")),
  ],
  [
    "a state key of another account and region",
    { backend: backendJson({ kms_key_id: "arn:aws:kms:us-east-1:999999999999:key/0b2c7e52-4f4a-4c59-9d52-1f2f0c7d8e90" }) },
    report(
      problem("backend.tf.json:terraform.backend.s3.kms_key_id: \"arn:aws:kms:us-east-1:999999999999:key/0b2c7e52-4f4a-4c59-9d52-1f2f0c7d8e90\" is a key in us-east-1, not in the bucket's region ap-southeast-2", "a key in ap-southeast-2", "use the key the bootstrap stack created (output state_kms_key_arn)"),
      problem('backend.tf.json:terraform.backend.s3.kms_key_id: "arn:aws:kms:us-east-1:999999999999:key/0b2c7e52-4f4a-4c59-9d52-1f2f0c7d8e90" is a key of account 999999999999, not of the state account 444444444444', "a key of account 444444444444 (environments/accounts.ts)", "use the key the bootstrap stack created (output state_kms_key_arn)"),
    ),
  ],
];

describe("a bad input is refused with a report in config terms, no stack trace, and cdktf.out untouched", () => {
  test("the table is large enough to mean something", () => {
    expect(CASES.length).toBeGreaterThanOrEqual(90);
  });

  test.each(CASES)("%s", (_name, input, expected) => {
    expectRefused(harness.run(input), expected);
  });
});

describe("every problem in one run", () => {
  test("mistakes in several environments and sections, construct-level and config-level, the command line and backend.tf.json are reported together", () => {
    const result = harness.run({
      argv: ["--env", "dev", "--verbose"],
      backend: backendJson({ encrypt: false }),
      mutate: (c) => {
        c.env.dev.data.atlas.diskSizeGb = 5; // AtlasDatabase's rule
        c.env.staging.network.nat = "perAZ"; // lib/validate.ts
        c.env.prod.data.redis.snapshotWindow = "15:00-15:10"; // RedisCache's rule
        c.env.prod.platform.nodeGroups.general.minSize = 1; // production rule of lib/validate-platform.ts
        c.env.local.data.postgres.engineVersion = 16; // a number; local.ts's data is remote's too
      },
    });
    expect(result.stderr).toBe(
      report(
        problem('argv: "--verbose" is not an option of synth', "--env <name>[,<name>...] (repeatable), --debug", "remove the argument, or use --env to pick environments"),
        problem("dev.data.atlas.diskSizeGb: 5 is outside the disk sizes Atlas accepts", "an integer from 10 to 4096", "set dev.data.atlas.diskSizeGb to the size the data needs, e.g. 10"),
        problem('staging.network.nat: "perAZ" is not a NAT mode', 'one of "none", "single", "perAz"', 'set staging.network.nat to "single" (dev, staging) or "perAz" (prod)'),
        problem("prod.platform.nodeGroups.general.minSize: 1 leaves production's system pods on fewer than two nodes", "2 or more in production", "set prod.platform.nodeGroups.general.minSize to 2"),
        problem('prod.data.redis.snapshotWindow: "15:00-15:10" is not a daily window of at least 60 minutes', '"hh24:mi-hh24:mi" in UTC, at least 60 minutes', 'use e.g. "16:00-17:00"'),
        problem("local.data.postgres.engineVersion: 16 is not a string", '"<major>" or "<major>.<minor>" with major 10 or later (family postgres<major>)', 'write it in quotes: "16"'),
        problem("remote.data.postgres.engineVersion: 16 is not a string", '"<major>" or "<major>.<minor>" with major 10 or later (family postgres<major>)', 'write it in quotes: "16"'),
        problem("backend.tf.json:terraform.backend.s3.encrypt: false is not valid", "true (state holds sensitive values)", "set encrypt to true"),
      ),
    );
    expect(result.exitCode).toBe(1);
    expect(result.outBytesUnchanged).toBe(true);
  });

  test("--env picks what is written, not what is checked: a mistake in prod refuses a synth of dev", () => {
    const result = harness.run({ argv: ["--env", "dev"], mutate: (c) => void (c.env.prod.data.postgres.deployment = "singleAz") });
    expect(result.stderr).toBe(report(problem('prod.data.postgres.deployment: "singleAz" leaves the production database in one AZ', '"multiAz" in production', 'set prod.data.postgres.deployment to "multiAz"')));
    expect(result.exitCode).toBe(1);
    expect(result.outBytesUnchanged).toBe(true);
  });
});

describe("a mistake in a shared file is reported for every environment using it", () => {
  /** The same problem at the same field of each environment. */
  const forEach = (envs: readonly string[], field: string, what: string, allowed: string, fix: (env: string) => string): string =>
    report(...envs.map((env) => problem(`${env}.${field}: ${what}`, allowed, fix(env))));
  const WITH_DATA = ["dev", "staging", "prod", "local", "remote"];
  const WITH_CLUSTER = ["dev", "staging", "prod"];

  test.each<[string, BadInput, string]>([
    [
      "environments/data-shapes.ts JOB_QUEUES",
      { mutate: (c) => void (c.files.JOB_QUEUES[1].messageRetentionDays = 20) },
      forEach(WITH_DATA, "data.queues[1].messageRetentionDays", "20 is out of range", "an integer from 1 to 14", () => "pick 1 to 14 days (SQS keeps a message at most 14 days)"),
    ],
    [
      "environments/data-shapes.ts DATA_BUCKETS",
      { mutate: (c) => void (c.files.DATA_BUCKETS[2].archiveStorageClass = "DEEP_GLACIER") },
      forEach(WITH_DATA, "data.buckets[2].archiveStorageClass", '"DEEP_GLACIER" is not an archive storage class', '"GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"', () => 'leave it unset for "GLACIER_IR"'),
    ],
    [
      "environments/cluster-versions.ts ADDON_VERSIONS",
      { mutate: (c) => void (c.files.ADDON_VERSIONS.kubeProxy = "v1.33.0-eksbuild.1") },
      forEach(
        WITH_CLUSTER,
        "platform.addons.kubeProxy",
        `"v1.33.0-eksbuild.1" does not match the cluster's Kubernetes version 1.34`,
        "a v1.34.x-eksbuild.N build",
        (env) => `set ${env}.platform.addons.kubeProxy to the v1.34 build \`aws eks describe-addon-versions --addon-name kube-proxy --kubernetes-version 1.34\` lists`,
      ),
    ],
    [
      "environments/cluster-versions.ts CHART_VERSIONS",
      { mutate: (c) => void (c.files.CHART_VERSIONS.argoCd.version = "latest") },
      forEach(
        WITH_CLUSTER,
        "platform.apps.charts.argoCd.version",
        '"latest" is not an exact chart version',
        "MAJOR.MINOR.PATCH (no ranges, no 'latest')",
        (env) => `pin ${env}.platform.apps.charts.argoCd.version to a version \`helm search repo --versions\` lists`,
      ),
    ],
    [
      "environments/cluster-versions.ts BACKEND_SCALING",
      { mutate: (c) => void Object.assign(c.files.BACKEND_SCALING, { minReplicas: 12 }) },
      forEach(
        WITH_CLUSTER,
        "platform.apps.backendScaling",
        '{"minReplicas":12,"maxReplicas":10,"targetCpuPercent":70} is not a replica range',
        "integers with 1 <= minReplicas <= maxReplicas",
        (env) => `set ${env}.platform.apps.backendScaling to { minReplicas: 2, maxReplicas: 10, targetCpuPercent: 70 } (reference 001)`,
      ),
    ],
  ])("%s", (_name, input, expected) => {
    const result = harness.run(input);
    expect(result.stderr).toBe(expected);
    expect(result.exitCode).toBe(1);
    expect(result.outBytesUnchanged).toBe(true);
  });
});

describe("an unexpected error is a bug: one line, the trace only on request", () => {
  const failingBuild = { deps: { buildApp: () => void (undefined as unknown as { cidr: string }).cidr } };
  const bug = bugLine(new TypeError("Cannot read properties of undefined (reading 'cidr')"));

  test("one line naming it a bug, with the message and how to see the trace; nothing written", () => {
    const result = harness.run(failingBuild);
    expect(result.stderr).toBe(`${bug}\n`);
    expect(bug).toBe(
      "Unexpected error, a bug in this app rather than in its input: TypeError: Cannot read properties of undefined (reading 'cidr'). Run again with --debug (or CHATBOT_DEBUG=1) for the stack trace.",
    );
    expect(result.exitCode).toBe(1);
    expect(result.outBytesUnchanged).toBe(true);
  });

  test.each<[string, BadInput]>([
    ["--debug", { ...failingBuild, argv: ["--debug"] }],
    ["CHATBOT_DEBUG=1", { ...failingBuild, env: { CHATBOT_DEBUG: "1" } }],
  ])("%s adds the stack trace after that line", (_name, input) => {
    const result = harness.run(input);
    const [first, ...rest] = result.stderr.split("\n");
    expect(first).toBe("Unexpected error, a bug in this app rather than in its input: TypeError: Cannot read properties of undefined (reading 'cidr').");
    expect(rest[0]).toBe("TypeError: Cannot read properties of undefined (reading 'cidr')");
    expect(rest.join("\n")).toMatch(STACK_FRAME);
    expect(result.exitCode).toBe(1);
    expect(result.outBytesUnchanged).toBe(true);
  });

  test("a ConfigError raised while the stacks are built is still bad input: the report alone", () => {
    const problems = [{ path: "remote.backend.terraformVersion", value: "1.6.0", problem: "is older than remote-serverless requires (>= 1.10)", allowed: "a Terraform release >= 1.10", fix: "set it to 1.10 or later" }];
    const result = harness.run({ argv: ["--debug"], deps: { buildApp: () => { throw new ConfigError(problems); } } });
    expect(result.stderr).toBe(report(problem('remote.backend.terraformVersion: "1.6.0" is older than remote-serverless requires (>= 1.10)', "a Terraform release >= 1.10", "set it to 1.10 or later")));
    expect(result.exitCode).toBe(1);
    expect(result.outBytesUnchanged).toBe(true);
  });
});

describe("the harness", () => {
  test("sees a write: a valid change synthesizes and changes the output", () => {
    const result = harness.run({ argv: ["--env", "dev"], mutate: (c) => void (c.env.dev.tags = { ...c.env.dev.tags, Owner: "another-team" }) });
    expect(result.stderr).toBe("");
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^Synthesized 15 stacks into /);
    expect(result.outBytesUnchanged).toBe(false);
  });
});
