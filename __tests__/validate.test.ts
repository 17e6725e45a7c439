import { DataConfig, EnvironmentConfig, NodeGroupConfig, PlatformConfig, SharedConfig } from "../lib/config";
import { selectEnvironments, validateEnvironments } from "../lib/validate";
import { parseBackendSettings } from "../lib/backend";
import { ENVIRONMENTS, SHARED, STATE } from "../environments";
import { configErrorOf, testEnv } from "./helpers";

/** Delivery settings a production environment passes validation with. */
const PROD_DELIVERY: EnvironmentConfig["delivery"] = {
  githubOwner: "acme",
  githubRepository: "chatbot",
  deploySubjects: [{ kind: "environment", name: "test" }],
  planSubjects: [{ kind: "environment", name: "test-plan" }],
};

/** The message of the ConfigError `fn` throws. */
const errorOf = (fn: () => unknown): string => configErrorOf(fn).message;

/** A test environment with network overrides and a function name of its own (names must differ per account). */
function withNetwork(network: Partial<EnvironmentConfig["network"]>, name = "test"): EnvironmentConfig {
  const base = testEnv({ name });
  return {
    ...base,
    network: { ...base.network, ...network } as EnvironmentConfig["network"],
    serverless: { ...base.serverless, functionName: `fn-${name}` },
  };
}

describe("environment validation", () => {
  test("the shipped environments and shared settings are valid", () => {
    expect(() => validateEnvironments(ENVIRONMENTS, SHARED, STATE)).not.toThrow();
  });

  test("any account hosting an environment may use its existing GitHub OIDC provider", () => {
    const shared: SharedConfig = { ...SHARED, githubOidcProviders: { "333333333333": "existing", "123456789012": "create" } };
    expect(() => validateEnvironments(ENVIRONMENTS, shared, STATE)).not.toThrow();
  });

  test("reports every problem at once, with the count", () => {
    const bad = withNetwork({ cidr: "10.0.0.0/33", azCount: 9, nat: "double" as never });
    const message = errorOf(() => validateEnvironments([bad]));
    expect(message.split("\n")[0]).toBe("Invalid configuration (3 problems); nothing was synthesized:");
    expect(message).toContain("test.network.cidr:");
    expect(message).toContain("test.network.azCount:");
    expect(message).toContain("test.network.nat:");
  });

  describe("errors", () => {
    test("invalid CIDR", () => {
      expect(errorOf(() => validateEnvironments([withNetwork({ cidr: "10.300.0.0/16" })]))).toBe(
        [
          "Invalid configuration (1 problem); nothing was synthesized:",
          '  - test.network.cidr: "10.300.0.0/16" has an octet above 255',
          '    allowed: an RFC 1918 IPv4 CIDR block with a prefix from /16 to /20, e.g. "10.20.0.0/16"',
          "    fix: correct test.network.cidr",
        ].join("\n"),
      );
    });

    test("CIDR with host bits", () => {
      expect(errorOf(() => validateEnvironments([withNetwork({ cidr: "10.0.1.0/16" })]))).toContain(
        'test.network.cidr: "10.0.1.0/16" has host bits set (the network address is 10.0.0.0/16)',
      );
    });

    test("public CIDR", () => {
      expect(errorOf(() => validateEnvironments([withNetwork({ cidr: "8.8.0.0/16" })]))).toContain(
        [
          '  - test.network.cidr: "8.8.0.0/16" is not a private (RFC 1918) range',
          "    allowed: a block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16",
          "    fix: choose a private range for test.network.cidr",
        ].join("\n"),
      );
    });

    test("VPC too small for three tiers", () => {
      expect(errorOf(() => validateEnvironments([withNetwork({ cidr: "10.0.0.0/24" })]))).toContain(
        [
          '  - test.network.cidr: "10.0.0.0/24" has prefix /24',
          "    allowed: a prefix from /16 (the largest VPC AWS allows) to /20 (the smallest that holds three tiers of 8 subnets)",
          "    fix: choose a /16 to /20 block for test.network.cidr",
        ].join("\n"),
      );
    });

    test("CIDRs overlapping between environments", () => {
      const a = withNetwork({ cidr: "10.10.0.0/16" }, "alpha");
      const b = withNetwork({ cidr: "10.10.192.0/18" }, "beta");
      expect(errorOf(() => validateEnvironments([a, b]))).toBe(
        [
          "Invalid configuration (1 problem); nothing was synthesized:",
          '  - beta.network.cidr: "10.10.192.0/18" overlaps alpha.network.cidr (10.10.0.0/16)',
          "    allowed: a VPC CIDR no other environment uses, so that peering and Atlas PrivateLink never collide",
          "    fix: move beta.network.cidr to a free range, e.g. 10.0.0.0/18",
        ].join("\n"),
      );
    });

    test("overlap names both environments and suggests a free range", () => {
      const a = withNetwork({ cidr: "10.10.0.0/16" }, "alpha");
      const b = withNetwork({ cidr: "10.10.0.0/16" }, "beta");
      expect(errorOf(() => validateEnvironments([a, b]))).toBe(
        [
          "Invalid configuration (1 problem); nothing was synthesized:",
          '  - beta.network.cidr: "10.10.0.0/16" overlaps alpha.network.cidr (10.10.0.0/16)',
          "    allowed: a VPC CIDR no other environment uses, so that peering and Atlas PrivateLink never collide",
          "    fix: move beta.network.cidr to a free range, e.g. 10.0.0.0/16",
        ].join("\n"),
      );
    });

    test("subnet sizes that do not fit the VPC", () => {
      const env = withNetwork({ cidr: "10.0.0.0/18", subnetMasks: { public: 22, privateApp: 22, data: 22 } });
      expect(errorOf(() => validateEnvironments([env]))).toBe(
        [
          "Invalid configuration (1 problem); nothing was synthesized:",
          '  - test.network.subnetMasks: {"public":22,"privateApp":22,"data":22} needs 24576 addresses (8 subnets per tier) but 10.0.0.0/18 has 16384',
          "    allowed: masks whose 8 subnets per tier fit the VPC together",
          "    fix: use longer prefixes (smaller subnets) in test.network.subnetMasks or a larger test.network.cidr",
        ].join("\n"),
      );
    });

    test("a subnet mask larger than the VPC allows", () => {
      const env = withNetwork({ subnetMasks: { public: 24, privateApp: 17, data: 24 } });
      expect(errorOf(() => validateEnvironments([env]))).toContain(
        [
          "  - test.network.subnetMasks.privateApp: 17 does not fit 8 privateApp subnets in 10.50.0.0/16",
          "    allowed: an integer from /19 (8 subnets per tier inside the /16 VPC) to /28 (the smallest subnet AWS allows)",
          "    fix: set test.network.subnetMasks.privateApp between 19 and 28",
        ].join("\n"),
      );
    });

    test("AZ count outside 2..6", () => {
      expect(errorOf(() => validateEnvironments([withNetwork({ azCount: 1 })]))).toBe(
        [
          "Invalid configuration (1 problem); nothing was synthesized:",
          "  - test.network.azCount: 1 is outside 2..6",
          "    allowed: an integer from 2 (high availability needs two AZs) to 6",
          "    fix: set test.network.azCount to 2 or 3",
        ].join("\n"),
      );
      expect(errorOf(() => validateEnvironments([withNetwork({ azCount: 7 })]))).toContain("test.network.azCount: 7 is outside 2..6");
    });

    test("more AZs than the region has", () => {
      expect(errorOf(() => validateEnvironments([withNetwork({ azCount: 4 })]))).toBe(
        [
          "Invalid configuration (1 problem); nothing was synthesized:",
          "  - test.network.azCount: 4 is more than the 3 AZs of ap-southeast-2",
          "    allowed: at most 3 in ap-southeast-2 (lib/regions.ts)",
          "    fix: set test.network.azCount to 3 or less",
        ].join("\n"),
      );
    });

    test("azCount and azIds together, or neither", () => {
      expect(errorOf(() => validateEnvironments([withNetwork({ azCount: 2, azIds: ["apse2-az1", "apse2-az2"] } as never)]))).toBe(
        [
          "Invalid configuration (1 problem); nothing was synthesized:",
          '  - test.network.azIds: ["apse2-az1","apse2-az2"] is set together with azCount',
          "    allowed: either azCount (the first N usable AZ IDs of the region) or azIds (exactly these AZ IDs), not both",
          "    fix: remove test.network.azCount; azIds sets the number of AZs",
        ].join("\n"),
      );
      expect(errorOf(() => validateEnvironments([withNetwork({ azCount: undefined } as never)]))).toBe(
        [
          "Invalid configuration (1 problem); nothing was synthesized:",
          "  - test.network.azCount: undefined is missing and so is azIds",
          "    allowed: azCount (an integer from 2 to 6) or azIds (2 to 6 AZ IDs of the region)",
          "    fix: set test.network.azCount to 2 or 3",
        ].join("\n"),
      );
    });

    test("azIds: a name instead of an ID, an unknown ID, a duplicate, all at once", () => {
      const env = withNetwork({ azCount: undefined, azIds: ["ap-southeast-2a", "apse2-az9", "apse2-az2", "apse2-az2"] });
      expect(errorOf(() => validateEnvironments([env]))).toBe(
        [
          "Invalid configuration (3 problems); nothing was synthesized:",
          '  - test.network.azIds[0]: "ap-southeast-2a" is an AZ name, not an AZ ID (names map to different zones in each account)',
          '    allowed: one of "apse2-az1", "apse2-az2", "apse2-az3"',
          '    fix: replace it with the AZ ID this zone has in account 123456789012: aws ec2 describe-availability-zones --region ap-southeast-2 --query "AvailabilityZones[].[ZoneName,ZoneId]"',
          '  - test.network.azIds[1]: "apse2-az9" is not an AZ ID of ap-southeast-2',
          '    allowed: one of "apse2-az1", "apse2-az2", "apse2-az3"',
          '    fix: use an AZ ID of ap-southeast-2 (aws ec2 describe-availability-zones --region ap-southeast-2 --query "AvailabilityZones[].[ZoneName,ZoneId]"), or add it to lib/regions.ts (source: https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-availability-zones.html)',
          '  - test.network.azIds: ["ap-southeast-2a","apse2-az9","apse2-az2","apse2-az2"] lists an AZ ID twice',
          "    allowed: each AZ ID once (one subnet per tier and AZ)",
          "    fix: remove the duplicates from test.network.azIds",
        ].join("\n"),
      );
    });

    test("azIds: fewer than two", () => {
      expect(errorOf(() => validateEnvironments([withNetwork({ azCount: undefined, azIds: ["apse2-az1"] })]))).toBe(
        [
          "Invalid configuration (1 problem); nothing was synthesized:",
          '  - test.network.azIds: ["apse2-az1"] lists 1 AZ ID',
          "    allowed: 2 (high availability needs two AZs) to 6 AZ IDs",
          "    fix: add AZ IDs to test.network.azIds",
        ].join("\n"),
      );
    });

    test("azIds: explicit AZ IDs of the region pass, in any order", () => {
      expect(() => validateEnvironments([withNetwork({ azCount: undefined, azIds: ["apse2-az3", "apse2-az1"] })])).not.toThrow();
    });

    describe("an AZ where EKS cannot place the cluster (us-east-1 use1-az3)", () => {
      const inUsEast1 = (network: Partial<EnvironmentConfig["network"]>, platform: "withCluster" | "withoutCluster"): EnvironmentConfig => {
        const env = withNetwork(network);
        // Only "test" environments may run without a cluster; without one, the Lambda is the data tier's only client.
        return platform === "withCluster"
          ? { ...env, region: "us-east-1" }
          : { ...env, region: "us-east-1", criticality: "test", platform: undefined, serverless: { ...env.serverless, inVpc: true } };
      };

      test("explicit azIds with a cluster", () => {
        const env = inUsEast1({ azCount: undefined, azIds: ["use1-az1", "use1-az3"] }, "withCluster");
        expect(errorOf(() => validateEnvironments([env]))).toContain(
          [
            '  - test.network.azIds[1]: "use1-az3" is an AZ where EKS cannot create the cluster\'s network interfaces (the cluster uses the private app subnet of every AZ)',
            '    allowed: one of "use1-az1", "use1-az2", "use1-az4", "use1-az5", "use1-az6"',
            "    fix: choose another AZ ID for test.network.azIds[1] (source: https://docs.aws.amazon.com/eks/latest/userguide/network-reqs.html#cluster-subnets)",
          ].join("\n"),
        );
      });

      test("the same AZ IDs without a cluster pass", () => {
        expect(() => validateEnvironments([inUsEast1({ azCount: undefined, azIds: ["use1-az1", "use1-az3"] }, "withoutCluster")])).not.toThrow();
      });

      test("azCount counts only the AZs the cluster can use", () => {
        expect(() => validateEnvironments([inUsEast1({ azCount: 6 }, "withoutCluster")])).not.toThrow();
        expect(errorOf(() => validateEnvironments([inUsEast1({ azCount: 6 }, "withCluster")]))).toContain(
          [
            "  - test.network.azCount: 6 is more than the 5 AZs of us-east-1 an EKS cluster can use",
            "    allowed: at most 5 in us-east-1 with a platform section (EKS cannot use use1-az3; lib/regions.ts)",
            "    fix: set test.network.azCount to 5 or less",
          ].join("\n"),
        );
      });
    });

    test("unknown NAT mode", () => {
      expect(errorOf(() => validateEnvironments([withNetwork({ nat: "perAZ" as never })]))).toBe(
        [
          "Invalid configuration (1 problem); nothing was synthesized:",
          '  - test.network.nat: "perAZ" is not a NAT mode',
          '    allowed: one of "none", "single", "perAz"',
          '    fix: set test.network.nat to "single" (dev, staging) or "perAz" (prod)',
        ].join("\n"),
      );
    });

    test("duplicate environment names", () => {
      const second = withNetwork({ cidr: "10.51.0.0/16" }, "dev");
      const renamedFunction = { ...second, serverless: { ...second.serverless, functionName: "fn-dev-2" } };
      expect(errorOf(() => validateEnvironments([withNetwork({}, "dev"), renamedFunction]))).toBe(
        [
          "Invalid configuration (1 problem); nothing was synthesized:",
          '  - dev.name: "dev" is used by environments[0] and environments[1]',
          "    allowed: each environment name once",
          "    fix: give each environment file its own name",
        ].join("\n"),
      );
    });

    test("invalid environment name", () => {
      expect(errorOf(() => validateEnvironments([withNetwork({}, "Prod-EU")]))).toContain(
        [
          '  - Prod-EU.name: "Prod-EU" is not a valid environment name',
          "    allowed: 2 to 12 lower-case letters and digits, starting with a letter",
        ].join("\n"),
      );
    });

    test("unknown region", () => {
      expect(errorOf(() => validateEnvironments([testEnv({ region: "mars-north-1" })]))).toContain(
        '  - test.region: "mars-north-1" is not a supported region\n    allowed: one of "ap-southeast-2",',
      );
    });

    test("account id that is not 12 digits", () => {
      expect(errorOf(() => validateEnvironments([testEnv({ accountId: "12345" })]))).toContain(
        '  - test.accountId: "12345" is not an AWS account id\n    allowed: exactly 12 digits, as a string',
      );
    });

    test("flow log retention CloudWatch does not accept", () => {
      expect(errorOf(() => validateEnvironments([withNetwork({ flowLogs: { retentionDays: 100 } })]))).toContain(
        "  - test.network.flowLogs.retentionDays: 100 is not a CloudWatch Logs retention period\n    allowed: one of 1, 3, 5, 7, 14, 30, 60, 90, 120,",
      );
    });

    test("unknown interface endpoint", () => {
      expect(errorOf(() => validateEnvironments([withNetwork({ interfaceEndpoints: ["logs", "ecr"] as never })]))).toContain(
        '  - test.network.interfaceEndpoints[1]: "ecr" is not a supported interface endpoint\n    allowed: one of "secretsmanager", "logs", "ecr.api", "ecr.dkr", "sts", "ssm"',
      );
    });

    test("port out of range", () => {
      expect(errorOf(() => validateEnvironments([withNetwork({ appPort: 70000, dataPorts: [5432, 5432] })]))).toBe(
        [
          "Invalid configuration (2 problems); nothing was synthesized:",
          "  - test.network.appPort: 70000 is not a TCP port",
          "    allowed: an integer from 1 to 65535",
          "    fix: set test.network.appPort to the port the application listens on, e.g. 8000",
          "  - test.network.dataPorts: [5432,5432] lists a port twice",
          "    allowed: each port once",
          "    fix: remove the duplicates from test.network.dataPorts",
        ].join("\n"),
      );
    });

    test("S3 backend with an unknown locking mode", () => {
      expect(errorOf(() => validateEnvironments([testEnv({ backend: { kind: "s3", locking: "none" as never } })]))).toContain(
        '  - test.backend.locking: "none" is not a locking mode\n    allowed: one of "dynamodb", "lockfile", "both"',
      );
    });

    test("unknown backend kind", () => {
      expect(errorOf(() => validateEnvironments([testEnv({ backend: { kind: "gcs" } as never })]))).toContain(
        '  - test.backend.kind: "gcs" is not a backend kind\n    allowed: one of "s3", "cloud", "local"',
      );
    });

    test("unknown environment passed to --env", () => {
      expect(errorOf(() => selectEnvironments(ENVIRONMENTS, ["prod", "qa"]))).toBe(
        [
          "Invalid configuration (1 problem); nothing was synthesized:",
          '  - --env: "qa" is not a known environment',
          '    allowed: one of "dev", "staging", "prod", "local", "remote"',
          "    fix: pass one of the names above, or add environments/qa.ts and list it in environments/index.ts",
        ].join("\n"),
      );
    });

    test("a Lambda timeout above the HTTP API's 30 s, with the alternatives", () => {
      const env = testEnv({ serverless: { ...testEnv().serverless, timeoutSeconds: 300 } });
      expect(errorOf(() => validateEnvironments([env]))).toBe(
        [
          "Invalid configuration (1 problem); nothing was synthesized:",
          "  - test.serverless.timeoutSeconds: 300 is longer than the 30 s an API Gateway HTTP API waits for its Lambda integration: requests would fail with 503 after 30 s while the function keeps running and billing",
          "    allowed: 1 to 30 seconds on the synchronous POST /chat path",
          "    fix: set test.serverless.timeoutSeconds to 30 or less; for longer work, stream the answer from a Lambda function URL (up to 15 min) or accept the request, queue the job on SQS and let the client poll",
        ].join("\n"),
      );
    });

    test("CORS wildcard in production", () => {
      const env = testEnv({ criticality: "production", delivery: PROD_DELIVERY, serverless: { ...testEnv().serverless, allowedOrigins: ["https://chatbot.example.com", "*"] } });
      expect(errorOf(() => validateEnvironments([env]))).toBe(
        [
          "Invalid configuration (1 problem); nothing was synthesized:",
          '  - test.serverless.allowedOrigins[1]: "*" lets any website call the production API from its users\' browsers',
          '    allowed: exact origins (scheme://host[:port]); "*" only in development environments',
          '    fix: replace "*" with the frontend\'s origins, e.g. "https://chatbot.example.com"',
        ].join("\n"),
      );
    });

    test("CORS wildcard in staging (preProduction)", () => {
      const env = testEnv({ criticality: "preProduction", serverless: { ...testEnv().serverless, allowedOrigins: ["*"] } });
      expect(errorOf(() => validateEnvironments([env]))).toContain('  - test.serverless.allowedOrigins[0]: "*" lets any website call the preProduction API from its users\' browsers');
    });

    test("CORS wildcard in development is allowed", () => {
      const env = testEnv({ serverless: { ...testEnv().serverless, allowedOrigins: ["*"] } });
      expect(() => validateEnvironments([env])).not.toThrow();
    });

    test("an origin with a path", () => {
      const env = testEnv({ serverless: { ...testEnv().serverless, allowedOrigins: ["https://app.example.com/"] } });
      expect(errorOf(() => validateEnvironments([env]))).toContain('  - test.serverless.allowedOrigins[0]: "https://app.example.com/" is not an origin');
    });

    test("wildcard in the GitHub owner or repository", () => {
      const env = testEnv({ delivery: { githubOwner: "acme-*", githubRepository: "*", deploySubjects: [{ kind: "branch", name: "main" }] } });
      expect(errorOf(() => validateEnvironments([env]))).toBe(
        [
          "Invalid configuration (2 problems); nothing was synthesized:",
          '  - test.delivery.githubOwner: "acme-*" contains a wildcard or a character GitHub does not allow',
          "    allowed: a GitHub organization or user name: letters, digits and '-', no wildcards",
          "    fix: set test.delivery.githubOwner to the exact owner of the repository",
          '  - test.delivery.githubRepository: "*" contains a wildcard or a character GitHub does not allow',
          "    allowed: a repository name: letters, digits, '.', '-' and '_', no wildcards",
          "    fix: set test.delivery.githubRepository to the exact repository name",
        ].join("\n"),
      );
    });

    test("wildcard in a deploy subject", () => {
      const env = testEnv({ delivery: { githubOwner: "acme", githubRepository: "chatbot", deploySubjects: [{ kind: "branch", name: "release/*" }] } });
      expect(errorOf(() => validateEnvironments([env]))).toContain('  - test.delivery.deploySubjects[0].name: "release/*" contains a wildcard or a character GitHub does not allow');
    });

    test("a production deploy subject on a branch", () => {
      const env = testEnv({ criticality: "production", delivery: { ...PROD_DELIVERY, deploySubjects: [{ kind: "branch", name: "main" }] } });
      expect(errorOf(() => validateEnvironments([env]))).toBe(
        [
          "Invalid configuration (1 problem); nothing was synthesized:",
          '  - test.delivery.deploySubjects[0]: {"kind":"branch","name":"main"} lets any workflow run on that branch deploy to production',
          '    allowed: only { kind: "environment" } subjects in production, so GitHub\'s environment protection rules (required reviewers, branch restrictions) gate every deploy',
          '    fix: create a protected GitHub environment (e.g. "test") and use { kind: "environment", name: "test" }',
        ].join("\n"),
      );
    });

    test("a production plan role open to any pull request", () => {
      const env = testEnv({ criticality: "production", delivery: { ...PROD_DELIVERY, planSubjects: undefined } });
      expect(errorOf(() => validateEnvironments([env]))).toBe(
        [
          "Invalid configuration (1 problem); nothing was synthesized:",
          "  - test.delivery.planSubjects: null lets any pull request assume the production plan role, which reads the whole account and its state",
          '    allowed: only { kind: "environment" } subjects in production',
          '    fix: create a protected GitHub environment (e.g. "test-plan") and set test.delivery.planSubjects to [{ kind: "environment", name: "test-plan" }]',
        ].join("\n"),
      );
    });

    test("reserved environment names", () => {
      expect(errorOf(() => validateEnvironments([withNetwork({}, "shared")]))).toContain(
        '  - shared.name: "shared" is reserved\n    allowed: any other name: "shared" and "bootstrap" name the stacks and state keys shared by every environment',
      );
    });

    test("a Lambda in the VPC without NAT", () => {
      const env = testEnv({ network: { ...testEnv().network, nat: "none" }, serverless: { ...testEnv().serverless, inVpc: true } });
      expect(errorOf(() => validateEnvironments([env]))).toBe(
        [
          "Invalid configuration (1 problem); nothing was synthesized:",
          '  - test.serverless.inVpc: true puts the function in subnets with no route to the internet (test.network.nat is "none"), so every call to the AI providers would time out',
          '    allowed: inVpc: true with test.network.nat "single" or "perAz"',
          '    fix: set test.network.nat to "single", or inVpc to false',
        ].join("\n"),
      );
    });

    test("a Lambda in the VPC without the ssm endpoint", () => {
      const env = testEnv({ network: { ...testEnv().network, interfaceEndpoints: ["logs"] }, serverless: { ...testEnv().serverless, inVpc: true } });
      expect(errorOf(() => validateEnvironments([env]))).toContain("  - test.serverless.inVpc: true puts the function in the VPC without the ssm interface endpoint it reads its parameters through");
    });

    test("a state bucket name too long for its access-log bucket", () => {
      const json = { terraform: { backend: { s3: { bucket: "a".repeat(52), region: "ap-southeast-2", dynamodb_table: "locks", encrypt: true, kms_key_id: "alias/k" } } } };
      expect(errorOf(() => parseBackendSettings(json))).toContain(
        "    allowed: an S3 bucket name of 3-51 lower-case letters, digits, '.' and '-' (its access-log bucket adds 12 characters to the 63 S3 allows)",
      );
    });

    test("no deploy subject", () => {
      const env = testEnv({ delivery: { githubOwner: "acme", githubRepository: "chatbot", deploySubjects: [] } });
      expect(errorOf(() => validateEnvironments([env]))).toContain("  - test.delivery.deploySubjects: [] is empty");
    });

    test("two environments with the same function name in one account", () => {
      const a = testEnv({ name: "alpha" });
      const b = testEnv({ name: "beta", network: { ...testEnv().network, cidr: "10.51.0.0/16" } });
      expect(errorOf(() => validateEnvironments([a, b]))).toBe(
        [
          "Invalid configuration (1 problem); nothing was synthesized:",
          '  - beta.serverless.functionName: "chatbot-backend-lambda" is already used by alpha in account 123456789012 (ap-southeast-2)',
          "    allowed: a function name no other environment in the same account and region uses",
          '    fix: set beta.serverless.functionName to e.g. "chatbot-beta-backend-lambda"',
        ].join("\n"),
      );
    });

    test("memory, log level and throttling out of range", () => {
      const env = testEnv({ serverless: { ...testEnv().serverless, memoryMb: 64, logLevel: "TRACE" as never, throttlingRateLimit: 50, throttlingBurstLimit: 10 } });
      const message = errorOf(() => validateEnvironments([env]));
      expect(message.split("\n")[0]).toBe("Invalid configuration (3 problems); nothing was synthesized:");
      expect(message).toContain("  - test.serverless.memoryMb: 64 is not a Lambda memory size");
      expect(message).toContain('  - test.serverless.logLevel: "TRACE" is not a log level\n    allowed: one of "DEBUG", "INFO", "WARNING", "ERROR"');
      expect(message).toContain("  - test.serverless.throttlingBurstLimit: 10 is not a burst limit at least as large as the rate limit");
    });

    test("a reservation without the account's concurrency quota", () => {
      const env = testEnv({ serverless: { ...testEnv().serverless, reservedConcurrency: 5 } });
      expect(errorOf(() => validateEnvironments([env]))).toBe(
        [
          "Invalid configuration (1 problem); nothing was synthesized:",
          "  - test.serverless.reservedConcurrency: 5 reserves concurrency without test.serverless.accountConcurrencyQuota: AWS refuses a reservation that leaves fewer than 100 executions unreserved, and new accounts often have a quota of only 10",
          "    allowed: at most test.serverless.accountConcurrencyQuota - 100, with the quota stated",
          '    fix: set test.serverless.accountConcurrencyQuota to the account\'s "Concurrent executions" quota (Service Quotas > AWS Lambda in ap-southeast-2; the standard is 1000), or remove test.serverless.reservedConcurrency to use the unreserved pool',
        ].join("\n"),
      );
    });

    test("a reservation in an account whose quota leaves nothing to reserve", () => {
      const env = testEnv({ serverless: { ...testEnv().serverless, reservedConcurrency: 2, accountConcurrencyQuota: 10 } });
      expect(errorOf(() => validateEnvironments([env]))).toBe(
        [
          "Invalid configuration (1 problem); nothing was synthesized:",
          "  - test.serverless.reservedConcurrency: 2 is more than the account can reserve: test.serverless.accountConcurrencyQuota is 10 and AWS keeps 100 executions unreserved, so nothing can be reserved",
          "    allowed: no reservation while the quota is 100 or less",
          '    fix: request a Lambda "Concurrent executions" quota increase in Service Quotas (ap-southeast-2) and set test.serverless.accountConcurrencyQuota to the new quota, or remove test.serverless.reservedConcurrency to use the unreserved pool',
        ].join("\n"),
      );
    });

    test("a reservation above the quota minus the 100 AWS keeps unreserved", () => {
      const env = testEnv({ serverless: { ...testEnv().serverless, reservedConcurrency: 901, accountConcurrencyQuota: 1000 } });
      expect(errorOf(() => validateEnvironments([env]))).toBe(
        [
          "Invalid configuration (1 problem); nothing was synthesized:",
          "  - test.serverless.reservedConcurrency: 901 is more than the account can reserve: test.serverless.accountConcurrencyQuota is 1000 and AWS keeps 100 executions unreserved, so at most 900 can be reserved",
          "    allowed: 1 to 900 (the quota minus 100), or no reservation",
          '    fix: lower test.serverless.reservedConcurrency to 900 or less, request a Lambda "Concurrent executions" quota increase in Service Quotas (ap-southeast-2) and set test.serverless.accountConcurrencyQuota to the new quota, or remove test.serverless.reservedConcurrency to use the unreserved pool',
        ].join("\n"),
      );
    });

    test("a reservation up to the quota minus 100 is accepted, and so is a quota with no reservation", () => {
      const fits = testEnv({ serverless: { ...testEnv().serverless, reservedConcurrency: 900, accountConcurrencyQuota: 1000 } });
      const quotaOnly = testEnv({ serverless: { ...testEnv().serverless, accountConcurrencyQuota: 10 } });
      expect(() => validateEnvironments([fits])).not.toThrow();
      expect(() => validateEnvironments([quotaOnly])).not.toThrow();
    });

    test("a quota or reservation that is not a positive integer", () => {
      const env = testEnv({ serverless: { ...testEnv().serverless, reservedConcurrency: 0, accountConcurrencyQuota: 12.5 } });
      expect(errorOf(() => validateEnvironments([env]))).toBe(
        [
          "Invalid configuration (2 problems); nothing was synthesized:",
          "  - test.serverless.reservedConcurrency: 0 is not a usable reserved concurrency",
          "    allowed: a positive integer (0 would disable the function)",
          "    fix: set test.serverless.reservedConcurrency, or remove it to use the unreserved pool",
          "  - test.serverless.accountConcurrencyQuota: 12.5 is not a Lambda concurrency quota",
          '    allowed: a positive integer: the account\'s "Concurrent executions" quota (new accounts often start at 10, the standard is 1000)',
          "    fix: set test.serverless.accountConcurrencyQuota to the quota Service Quotas shows for AWS Lambda in ap-southeast-2",
        ].join("\n"),
      );
    });

    test("unknown criticality", () => {
      expect(errorOf(() => validateEnvironments([testEnv({ criticality: "prod" as never })]))).toContain(
        '  - test.criticality: "prod" is not a criticality\n    allowed: one of "development", "preProduction", "production", "test"',
      );
    });

    test("shared registry settings", () => {
      const shared = { ...SHARED, repositories: ["Chatbot_Backend"], keepReleaseImages: 0 };
      expect(errorOf(() => validateEnvironments([testEnv()], shared))).toBe(
        [
          "Invalid configuration (2 problems); nothing was synthesized:",
          '  - shared.repositories[0]: "Chatbot_Backend" is not an ECR repository name',
          "    allowed: lower-case letters, digits, '.', '_', '-', '/' separated names, at most 256 characters",
          "    fix: rename the repository",
          "  - shared.keepReleaseImages: 0 is not a count of images",
          "    allowed: an integer from 1 to 10000",
          "    fix: set shared.keepReleaseImages to e.g. 30",
        ].join("\n"),
      );
    });

    test("GitHub OIDC provider choices: the registry-only account, a key that is no account id and an unknown source, reported together", () => {
      const shared = { ...SHARED, githubOidcProviders: { "444444444444": "existing", prod: "create", "111111111111": "lookup" } } as unknown as SharedConfig;
      expect(errorOf(() => validateEnvironments(ENVIRONMENTS, shared, STATE))).toBe(
        [
          "Invalid configuration (3 problems); nothing was synthesized:",
          '  - shared.githubOidcProviders.444444444444: "444444444444" hosts no environment, so no GitHub OIDC provider is created or looked up there',
          '    allowed: an account that hosts an environment: one of "111111111111", "222222222222", "333333333333", "123456789012"',
          "    fix: correct the account id, or remove the entry",
          '  - shared.githubOidcProviders.prod: "prod" is not an AWS account id',
          "    allowed: exactly 12 digits, as a string",
          "    fix: use the accountId of an environment as the key",
          '  - shared.githubOidcProviders.111111111111: "lookup" is not a GitHub OIDC provider source',
          '    allowed: one of "create", "existing"',
          '    fix: set shared.githubOidcProviders.111111111111 to "existing" if the account already has an OIDC provider for token.actions.githubusercontent.com (IAM allows only one), otherwise to "create"',
        ].join("\n"),
      );
    });

    test("GitHub OIDC provider choices that are not a map", () => {
      const shared = { ...SHARED, githubOidcProviders: ["existing"] } as unknown as SharedConfig;
      expect(errorOf(() => validateEnvironments(ENVIRONMENTS, shared, STATE))).toBe(
        [
          "Invalid configuration (1 problem); nothing was synthesized:",
          '  - shared.githubOidcProviders: ["existing"] is not a map of account ids to provider sources',
          '    allowed: { "<account id>": "create" | "existing" }',
          '    fix: set shared.githubOidcProviders to e.g. { "111111111111": "existing" }, or remove it to create the provider in every account',
        ].join("\n"),
      );
    });

    test("backend.tf.json without encryption", () => {
      const json = { terraform: { backend: { s3: { bucket: "b-ok-name", region: "ap-southeast-2", dynamodb_table: "locks", encrypt: false, kms_key_id: "alias/k" } } } };
      expect(errorOf(() => parseBackendSettings(json))).toBe(
        [
          "Invalid configuration (1 problem); nothing was synthesized:",
          "  - backend.tf.json:terraform.backend.s3.encrypt: false is not valid",
          "    allowed: true (state holds sensitive values)",
          "    fix: set encrypt to true",
        ].join("\n"),
      );
    });
  });
});

describe("platform validation", () => {
  const base = testEnv();
  const platform = base.platform!;
  const withPlatform = (p: Partial<PlatformConfig>, env: Partial<EnvironmentConfig> = {}): EnvironmentConfig => testEnv({ ...env, platform: { ...platform, ...p } });
  const withGroup = (name: "general" | "ml", g: Partial<NodeGroupConfig>, env: Partial<EnvironmentConfig> = {}): EnvironmentConfig =>
    withPlatform({ nodeGroups: { ...platform.nodeGroups, [name]: { ...platform.nodeGroups[name], ...g } } }, env);

  test("node group min above max", () => {
    expect(errorOf(() => validateEnvironments([withGroup("general", { minSize: 4, desiredSize: 4, maxSize: 3 })]))).toBe(
      [
        "Invalid configuration (1 problem); nothing was synthesized:",
        "  - test.platform.nodeGroups.general.minSize: 4 is greater than maxSize (3)",
        "    allowed: minSize <= desiredSize <= maxSize",
        "    fix: lower test.platform.nodeGroups.general.minSize or raise test.platform.nodeGroups.general.maxSize",
      ].join("\n"),
    );
  });

  test("an ML group without a taint", () => {
    expect(errorOf(() => validateEnvironments([withGroup("ml", { taints: [] })]))).toBe(
      [
        "Invalid configuration (1 problem); nothing was synthesized:",
        "  - test.platform.nodeGroups.ml.taints: [] lets any pod onto the ML nodes",
        "    allowed: at least one NO_SCHEDULE or NO_EXECUTE taint, tolerated only by ML pods",
        '    fix: add { key: "workload", value: "ml", effect: "NO_SCHEDULE" } to test.platform.nodeGroups.ml.taints',
      ].join("\n"),
    );
  });

  test("an instance type not allowed in that tier", () => {
    expect(errorOf(() => validateEnvironments([withGroup("general", { instanceTypes: ["p4d.24xlarge"] })]))).toBe(
      [
        "Invalid configuration (1 problem); nothing was synthesized:",
        '  - test.platform.nodeGroups.general.instanceTypes[0]: "p4d.24xlarge" is not an instance type allowed in the general node group',
        "    allowed: a size of the families t3, t3a, m5, m6i, m7i",
        '    fix: use e.g. "t3.medium", or move the workload to the group whose families fit it',
      ].join("\n"),
    );
  });

  test("a public API endpoint open to 0.0.0.0/0, in any environment", () => {
    expect(errorOf(() => validateEnvironments([withPlatform({ publicEndpointCidrs: ["0.0.0.0/0"] })]))).toContain(
      '  - test.platform.publicEndpointCidrs[0]: "0.0.0.0/0" opens the Kubernetes API to the whole internet',
    );
  });

  test("a wide public endpoint CIDR in production", () => {
    const env = withPlatform({ publicEndpointCidrs: ["198.51.0.0/16"] }, { criticality: "production" });
    expect(errorOf(() => validateEnvironments([env]))).toContain(
      [
        '  - test.platform.publicEndpointCidrs[0]: "198.51.0.0/16" is too wide for a production API endpoint',
        "    allowed: a block of /24 or narrower",
      ].join("\n"),
    );
    expect(() => validateEnvironments([withPlatform({ publicEndpointCidrs: ["198.51.0.0/16"] })])).not.toThrow();
  });

  test("production keeps two general nodes and two backend replicas", () => {
    const env = withPlatform(
      { nodeGroups: { ...platform.nodeGroups, general: { ...platform.nodeGroups.general, minSize: 1, desiredSize: 1 } }, apps: { ...platform.apps, backendScaling: { minReplicas: 1, maxReplicas: 10, targetCpuPercent: 70 } } },
      { criticality: "production", delivery: { ...base.delivery, planSubjects: [{ kind: "environment", name: "prod-plan" }] } },
    );
    const message = errorOf(() => validateEnvironments([env]));
    expect(message).toContain("  - test.platform.nodeGroups.general.minSize: 1 leaves production's system pods on fewer than two nodes");
    expect(message).toContain("  - test.platform.apps.backendScaling.minReplicas: 1 leaves production on a single backend replica");
  });

  test("kube-proxy built for another Kubernetes version", () => {
    expect(errorOf(() => validateEnvironments([withPlatform({ addons: { ...platform.addons, kubeProxy: "v1.33.3-eksbuild.1" } })]))).toBe(
      [
        "Invalid configuration (1 problem); nothing was synthesized:",
        '  - test.platform.addons.kubeProxy: "v1.33.3-eksbuild.1" does not match the cluster\'s Kubernetes version 1.34',
        "    allowed: a v1.34.x-eksbuild.N build",
        "    fix: set test.platform.addons.kubeProxy to the v1.34 build `aws eks describe-addon-versions --addon-name kube-proxy --kubernetes-version 1.34` lists",
      ].join("\n"),
    );
  });

  describe("Cluster Autoscaler matches the cluster's Kubernetes minor", () => {
    const withAutoscaler = (clusterAutoscaler: PlatformConfig["apps"]["charts"]["clusterAutoscaler"], kubernetesVersion = "1.34") =>
      withPlatform({
        kubernetesVersion,
        addons: { ...platform.addons, kubeProxy: `v${kubernetesVersion}.0-eksbuild.1` },
        apps: { ...platform.apps, charts: { ...platform.apps.charts, clusterAutoscaler } },
      });

    test("the shipped environments pin the image of their cluster's minor", () => {
      for (const env of ENVIRONMENTS.filter((e) => e.platform)) {
        expect(env.platform!.apps.charts.clusterAutoscaler.imageTag).toBe(`v${env.platform!.kubernetesVersion}.0`);
      }
    });

    test("an image tag of another minor", () => {
      expect(errorOf(() => validateEnvironments([withAutoscaler({ version: "9.50.1", imageTag: "v1.33.0" })]))).toBe(
        [
          "Invalid configuration (1 problem); nothing was synthesized:",
          '  - test.platform.apps.charts.clusterAutoscaler.imageTag: "v1.33.0" is not a Cluster Autoscaler release for the cluster\'s Kubernetes version 1.34',
          "    allowed: a Cluster Autoscaler v1.34.x image (upstream supports only the cluster's minor)",
          '    fix: set test.platform.apps.charts.clusterAutoscaler.imageTag to "v1.34.0" (CLUSTER_AUTOSCALER_IMAGE_TAGS in environments/cluster-versions.ts)',
        ].join("\n"),
      );
    });

    test("no image tag, and a chart whose own image is of another minor", () => {
      expect(errorOf(() => validateEnvironments([withAutoscaler({ version: "9.50.1" })]))).toBe(
        [
          "Invalid configuration (1 problem); nothing was synthesized:",
          '  - test.platform.apps.charts.clusterAutoscaler.version: "9.50.1" ships Cluster Autoscaler 1.33.0, which does not support the cluster\'s Kubernetes version 1.34',
          "    allowed: a Cluster Autoscaler v1.34.x image (upstream supports only the cluster's minor)",
          '    fix: set test.platform.apps.charts.clusterAutoscaler.imageTag to "v1.34.0" (CLUSTER_AUTOSCALER_IMAGE_TAGS in environments/cluster-versions.ts)',
        ].join("\n"),
      );
      expect(() => validateEnvironments([withAutoscaler({ version: "9.50.1" }, "1.33")])).not.toThrow();
    });

    test("no image tag, and a chart whose own image is not recorded", () => {
      expect(errorOf(() => validateEnvironments([withAutoscaler({ version: "9.99.0" })]))).toBe(
        [
          "Invalid configuration (1 problem); nothing was synthesized:",
          '  - test.platform.apps.charts.clusterAutoscaler.version: "9.99.0" is a chart version whose Cluster Autoscaler version is not recorded, so its match with the cluster cannot be checked',
          '    allowed: one of "9.50.1", or any version with test.platform.apps.charts.clusterAutoscaler.imageTag set',
          '    fix: add it with its APP VERSION (`helm search repo autoscaler/cluster-autoscaler --versions`) to CLUSTER_AUTOSCALER_CHART_APP_VERSIONS in environments/cluster-versions.ts, or set test.platform.apps.charts.clusterAutoscaler.imageTag to "v1.34.0" (CLUSTER_AUTOSCALER_IMAGE_TAGS in environments/cluster-versions.ts)',
        ].join("\n"),
      );
    });

    test("a cluster minor with no recorded image", () => {
      expect(errorOf(() => validateEnvironments([withAutoscaler({ version: "9.50.1", imageTag: "v1.34.0" }, "1.35")]))).toContain(
        "    fix: add the latest v1.35.x release to CLUSTER_AUTOSCALER_IMAGE_TAGS in environments/cluster-versions.ts (check it exists: `crane ls registry.k8s.io/autoscaling/cluster-autoscaler`) and set test.platform.apps.charts.clusterAutoscaler.imageTag to it",
      );
    });
  });

  test("an unsupported Kubernetes version, a chart version range and a bad access entry, reported together", () => {
    const env = withPlatform({
      kubernetesVersion: "1.29",
      apps: { ...platform.apps, charts: { ...platform.apps.charts, argoCd: { version: "^8.0.0" } } },
      access: [{ roleArn: "arn:aws:iam::999999999999:role/*", access: "cluster-admin", namespaces: ["chatbot"] }],
    });
    const message = errorOf(() => validateEnvironments([env]));
    expect(message).toMatch(/^Invalid configuration \(5 problems\)/);
    expect(message).toContain('  - test.platform.kubernetesVersion: "1.29" is not a Kubernetes version in EKS standard support');
    expect(message).toContain('  - test.platform.apps.charts.argoCd.version: "^8.0.0" is not an exact chart version');
    expect(message).toContain('  - test.platform.access[0].roleArn: "arn:aws:iam::999999999999:role/*" is not an IAM role ARN of the environment\'s account');
    expect(message).toContain("  - test.platform.access[0].namespaces: [\"chatbot\"] limits cluster-admin to namespaces, which EKS does not allow");
    expect(message).toContain("test.platform.addons.kubeProxy");
  });

  test("the platform stack lets in the apply role and the plan role itself: no cluster-admin needs listing, and neither may be listed again", () => {
    expect(() => validateEnvironments([withPlatform({ access: [] })])).not.toThrow();
    const env = withPlatform({
      access: [
        { roleArn: "arn:aws:iam::123456789012:role/platform-apply", access: "cluster-admin" },
        { roleArn: "arn:aws:iam::123456789012:role/chatbot-test-github-plan", access: "view", namespaces: ["chatbot"] },
      ],
    });
    expect(errorOf(() => validateEnvironments([env]))).toBe(
      [
        "Invalid configuration (2 problems); nothing was synthesized:",
        '  - test.platform.access[0].roleArn: "arn:aws:iam::123456789012:role/platform-apply" is the environment\'s apply role (operators.applyRoleArn), which the platform stack makes cluster-admin itself',
        "    allowed: roles other than the apply role and the pull-request plan role",
        "    fix: remove test.platform.access[0]",
        '  - test.platform.access[1].roleArn: "arn:aws:iam::123456789012:role/chatbot-test-github-plan" is the pull-request plan role (chatbot-test-github-plan), which the platform stack lets in with view access itself',
        "    allowed: roles other than the apply role and the pull-request plan role",
        "    fix: remove test.platform.access[1]",
      ].join("\n"),
    );
  });

  test("a private-only API endpoint nobody but the nodes can reach", () => {
    expect(errorOf(() => validateEnvironments([withPlatform({ publicEndpointCidrs: [], privateEndpointClientCidrs: [] })]))).toBe(
      [
        "Invalid configuration (1 problem); nothing was synthesized:",
        "  - test.platform.privateEndpointClientCidrs: [] leaves the private-only API endpoint reachable by the nodes alone, so nothing could apply <env>-apps",
        "    allowed: the networks of your VPN, self-hosted CI runners or bastion (or publicEndpointCidrs)",
        '    fix: set test.platform.privateEndpointClientCidrs to e.g. ["10.50.0.0/16"] for runners in the VPC',
      ].join("\n"),
    );
    expect(() => validateEnvironments([withPlatform({ publicEndpointCidrs: ["203.0.113.0/24"], privateEndpointClientCidrs: [] })])).not.toThrow();
  });

  test("a cluster is required outside test environments", () => {
    expect(errorOf(() => validateEnvironments([testEnv({ platform: undefined })]))).toContain("  - test.platform: undefined is missing");
    // Without a cluster, the Lambda in the VPC is the data tier's only client.
    expect(() => validateEnvironments([testEnv({ platform: undefined, criticality: "test", serverless: { ...testEnv().serverless, inVpc: true } })])).not.toThrow();
  });

  test("an application namespace may not be a system namespace", () => {
    const env = withPlatform({ apps: { ...platform.apps, namespaces: [{ ...platform.apps.namespaces[0], name: "kube-system" }] } });
    expect(errorOf(() => validateEnvironments([env]))).toContain('  - test.platform.apps.namespaces[0].name: "kube-system" is not an application namespace name');
  });
});

describe("data validation", () => {
  const base = testEnv();
  const data = base.data!;
  const prodLike: Partial<EnvironmentConfig> = { criticality: "production", delivery: { ...base.delivery, planSubjects: [{ kind: "environment", name: "prod-plan" }] } };
  const withData = (d: Partial<DataConfig>, env: Partial<EnvironmentConfig> = {}): EnvironmentConfig => testEnv({ ...env, data: { ...data, ...d } });

  test("a production database in one AZ", () => {
    expect(errorOf(() => validateEnvironments([withData({ postgres: { ...data.postgres, deployment: "singleAz" } }, prodLike)]))).toBe(
      [
        "Invalid configuration (1 problem); nothing was synthesized:",
        '  - test.data.postgres.deployment: "singleAz" leaves the production database in one AZ',
        '    allowed: "multiAz" in production',
        '    fix: set test.data.postgres.deployment to "multiAz"',
      ].join("\n"),
    );
    expect(() => validateEnvironments([withData({ postgres: { ...data.postgres, deployment: "singleAz" } })])).not.toThrow();
  });

  test("production backups, deletion protection and instance size, reported together", () => {
    const env = withData({ postgres: { ...data.postgres, backupRetentionDays: 3, deletionProtection: "disabled", instanceClass: "db.t3.micro" } }, prodLike);
    const message = errorOf(() => validateEnvironments([env]));
    expect(message).toMatch(/^Invalid configuration \(3 problems\)/);
    expect(message).toContain("  - test.data.postgres.backupRetentionDays: 3 keeps production backups for less than a week");
    expect(message).toContain('  - test.data.postgres.deletionProtection: "disabled" lets a production database be deleted by one apply');
    expect(message).toContain('  - test.data.postgres.instanceClass: "db.t3.micro" is an instance class not allowed for production databases');
  });

  test("an Atlas tier below M10", () => {
    const env = withData({ atlas: { ...data.atlas!, instanceSize: "M5" as never } });
    expect(errorOf(() => validateEnvironments([env]))).toContain(
      [
        '  - test.data.atlas.instanceSize: "M5" is below M10: shared (M0, M2, M5) and Flex clusters support neither private endpoints nor cloud backup',
        '    allowed: one of "M10", "M20", "M30", "M40", "M50", "M60", "M80", "M140", "M200", "M300", "M400", "M700"',
        '    fix: set test.data.atlas.instanceSize to "M10" or larger',
      ].join("\n"),
    );
  });

  test("production Redis on a single node", () => {
    const env = withData({ redis: { ...data.redis!, replicas: 0, failover: "none" } }, prodLike);
    expect(errorOf(() => validateEnvironments([env]))).toBe(
      [
        "Invalid configuration (1 problem); nothing was synthesized:",
        '  - test.data.redis.failover: {"failover":"none","replicas":0} leaves production sessions on one node or one AZ',
        '    allowed: failover "multiAz" with at least 1 replica (2 nodes) in production',
        '    fix: set test.data.redis.failover to "multiAz" and test.data.redis.replicas to 1 or more',
      ].join("\n"),
    );
  });

  test("Redis and Atlas may be left out only by test environments", () => {
    const env = withData({ redis: undefined, atlas: undefined });
    const message = errorOf(() => validateEnvironments([env]));
    expect(message).toContain("  - test.data.redis: undefined is missing");
    expect(message).toContain("  - test.data.atlas: undefined is missing");
    expect(() => validateEnvironments([{ ...env, criticality: "test" }])).not.toThrow();
  });

  test("an alarm topic in another account", () => {
    const env = withData({ alarmActions: ["arn:aws:sns:ap-southeast-2:999999999999:alerts"] });
    expect(errorOf(() => validateEnvironments([env]))).toContain('  - test.data.alarmActions[0]: "arn:aws:sns:ap-southeast-2:999999999999:alerts" is not an SNS topic of the environment');
  });
});

describe("operators and the state account", () => {
  test("an apply role in another account is refused, naming the environment and the fix", () => {
    const env = testEnv({ operators: { applyRoleArn: "arn:aws:iam::999999999999:role/apply" } });
    expect(errorOf(() => validateEnvironments([env]))).toBe(
      [
        "Invalid configuration (1 problem); nothing was synthesized:",
        '  - test.operators.applyRoleArn: "arn:aws:iam::999999999999:role/apply" is not an IAM role ARN of the environment\'s account',
        "    allowed: arn:aws:iam::123456789012:role/<name>, no wildcards",
        "    fix: set test.operators.applyRoleArn to the role your CI applies test's stacks with (AWS_APPLY_ROLE_ARN_TEST)",
      ].join("\n"),
    );
  });

  test("a wildcard apply role is refused", () => {
    const env = testEnv({ operators: { applyRoleArn: "arn:aws:iam::123456789012:role/*" } });
    expect(errorOf(() => validateEnvironments([env]))).toContain("test.operators.applyRoleArn");
  });

  test("a missing operators section is reported, not thrown as a TypeError", () => {
    const env = testEnv({ operators: undefined as never });
    expect(errorOf(() => validateEnvironments([env]))).toContain("  - test.operators: undefined is missing");
  });

  test("every state-account problem is reported together", () => {
    const message = errorOf(() =>
      validateEnvironments([testEnv()], undefined, { accountId: "4444", administratorArns: ["arn:aws:iam::444444444444:role/*"], bootstrapState: "remote" as never }),
    );
    expect(message).toContain('  - state.accountId: "4444" is not an AWS account id');
    expect(message).toContain('  - state.administratorArns[0]: "arn:aws:iam::444444444444:role/*" is not an IAM role or user ARN');
    expect(message).toContain('  - state.bootstrapState: "remote" is not a state location');
    expect(message).toContain("Invalid configuration (3 problems)");
  });

  test("no administrator at all is refused", () => {
    expect(errorOf(() => validateEnvironments([testEnv()], undefined, { ...STATE, administratorArns: [] }))).toContain("  - state.administratorArns: [] is empty");
  });
});

describe("selectEnvironments", () => {
  test("keeps the order of the environment list", () => {
    expect(selectEnvironments(ENVIRONMENTS, ["prod", "dev"]).map((e) => e.name)).toEqual(["dev", "prod"]);
  });

  test("no names means every environment", () => {
    expect(selectEnvironments(ENVIRONMENTS, [])).toHaveLength(ENVIRONMENTS.length);
  });
});
