import * as fs from "fs";
import * as path from "path";
import { TerraformStack, Testing } from "cdktf";
import { EcrRepository } from "@cdktf/provider-aws/lib/ecr-repository";
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { ContainerRegistry } from "../constructs/container-registry";
import { GithubDeployRole, githubSubject } from "../constructs/github-deploy-role";
import { GithubOidc } from "../constructs/github-oidc";
import { ENVIRONMENTS, SHARED, STATE } from "../environments";
import { SharedConfig } from "../lib/config";
import { buildApp } from "../stacks";
import { backendSettings, TfJson, resources } from "./helpers";

const doc = (j: TfJson, idPart: string): any => Object.entries(j.data!.aws_iam_policy_document).find(([id]) => id.includes(idPart))![1];

function registryJson(): TfJson {
  return JSON.parse(
    Testing.synthScope((scope) => {
      new ContainerRegistry(scope, "Registry", {
        accountId: "444444444444",
        repositories: ["chatbot-backend", "chatbot-frontend"],
        consumers: [{ accountId: "111111111111", pullRoleNamePatterns: ["chatbot-dev-*"], pushRoleNames: ["chatbot-dev-github-deploy"] }],
        keepReleaseImages: 20,
        keyAliasName: "chatbot-ecr",
      });
    }),
  );
}

describe("ContainerRegistry", () => {
  test("repositories scan on push, have immutable tags and KMS encryption", () => {
    const synth = Testing.synthScope((scope) => {
      new ContainerRegistry(scope, "Registry", { accountId: "444444444444", repositories: ["chatbot-backend"], consumers: [], keyAliasName: "k" });
    });
    expect(synth).toHaveResourceWithProperties(EcrRepository, {
      name: "chatbot-backend",
      image_tag_mutability: "IMMUTABLE",
      image_scanning_configuration: { scan_on_push: true },
    });
    const [repo] = resources(JSON.parse(synth), "aws_ecr_repository");
    expect(repo.encryption_configuration[0].encryption_type).toBe("KMS");
  });

  test("lifecycle: untagged images expire first, then release images beyond the last N", () => {
    const [policy] = resources(registryJson(), "aws_ecr_lifecycle_policy");
    const rules = JSON.parse(policy.policy).rules;
    expect(rules.map((r: any) => [r.rulePriority, r.selection.tagStatus, r.selection.countType, r.selection.countNumber])).toEqual([
      [1, "untagged", "sinceImagePushed", 7],
      [2, "tagged", "imageCountMoreThan", 20],
    ]);
    expect(rules[1].selection.tagPrefixList).toEqual(["v"]);
  });

  test("the repository policy lets only the environments' workload roles pull and their deploy roles push", () => {
    const policy = doc(registryJson(), "ChatbotBackendPolicyDocument");
    expect(policy.statement[1]).toEqual({
      sid: "Push111111111111",
      effect: "Allow",
      principals: [{ type: "AWS", identifiers: ["arn:aws:iam::111111111111:root"] }],
      actions: expect.arrayContaining(["ecr:PutImage", "ecr:CompleteLayerUpload"]),
      condition: [{ test: "ArnEquals", variable: "aws:PrincipalArn", values: ["arn:aws:iam::111111111111:role/chatbot-dev-github-deploy"] }],
    });
    expect(policy.statement.slice(0, 1)).toEqual([
      {
        sid: "Pull111111111111",
        effect: "Allow",
        principals: [{ type: "AWS", identifiers: ["arn:aws:iam::111111111111:root"] }],
        actions: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"],
        condition: [{ test: "ArnLike", variable: "aws:PrincipalArn", values: ["arn:aws:iam::111111111111:role/chatbot-dev-*"] }],
      },
    ]);
  });
});

describe("GithubOidc", () => {
  test("by default creates the provider, trusting GitHub's token issuer for the STS audience", () => {
    const synth = Testing.synthScope((scope) => {
      new GithubOidc(scope, "GithubOidc");
    });
    expect(synth).toHaveResourceWithProperties(IamOpenidConnectProvider, {
      url: "https://token.actions.githubusercontent.com",
      client_id_list: ["sts.amazonaws.com"],
    });
    expect(JSON.parse(synth).data).toBeUndefined();
  });

  test("an existing provider is looked up by URL, never created, and must accept the STS audience", () => {
    let oidc: GithubOidc | undefined;
    const j: TfJson = JSON.parse(
      Testing.synthScope((scope) => {
        oidc = new GithubOidc(scope, "GithubOidc", { source: "existing" });
      }),
    );
    expect(j.resource).toBeUndefined();
    const lookups = Object.entries(j.data!.aws_iam_openid_connect_provider);
    expect(lookups).toHaveLength(1);
    const [id, lookup] = lookups[0];
    expect(id).toMatch(/^GithubOidc_ExistingProvider_/);
    expect(lookup.url).toBe("https://token.actions.githubusercontent.com");
    expect(lookup.lifecycle.postcondition).toEqual([
      {
        condition: '${contains(self.client_id_list, "sts.amazonaws.com")}',
        error_message:
          "The account's existing GitHub OIDC provider (https://token.actions.githubusercontent.com) does not accept the audience sts.amazonaws.com, which aws-actions/configure-aws-credentials requests: add it with aws iam add-client-id-to-open-id-connect-provider --client-id sts.amazonaws.com --open-id-connect-provider-arn arn:aws:iam::<account>:oidc-provider/token.actions.githubusercontent.com.",
      },
    ]);
    expect(oidc!.provider).toBeUndefined();
    expect(oidc!.source).toBe("existing");
  });
});

describe("GitHub OIDC provider per account, as the app builds it", () => {
  /** The shared stacks and prod's delivery stack, synthesized as a whole app (cross-stack references resolved). */
  function appJson(shared: SharedConfig): (stack: string) => TfJson {
    const app = Testing.app();
    const prod = ENVIRONMENTS.find((e) => e.name === "prod")!;
    buildApp(app, { environments: [prod], allEnvironments: ENVIRONMENTS, shared, backendSettings, state: STATE });
    app.synth();
    return (stack) => JSON.parse(fs.readFileSync(path.join(app.outdir, "stacks", stack, "cdk.tf.json"), "utf8"));
  }
  const trustedProviders = (delivery: TfJson, role: string): string[] =>
    doc(delivery, `${role}_Trust`).statement[0].principals[0].identifiers;

  test("an account marked existing looks its provider up, and the environment's roles trust the looked-up ARN", () => {
    const stack = appJson({ ...SHARED, githubOidcProviders: { "333333333333": "existing" } });
    const prodShared = stack("shared-333333333333");
    expect(prodShared.resource).toBeUndefined();
    const [lookupId] = Object.keys(prodShared.data!.aws_iam_openid_connect_provider);
    expect(prodShared.output!.github_oidc_provider_arn.value).toBe(`\${data.aws_iam_openid_connect_provider.${lookupId}.arn}`);
    const delivery = stack("prod-delivery");
    for (const role of ["DeployRole", "PlanRole"]) {
      const [arn] = trustedProviders(delivery, role);
      expect(arn).toMatch(/^\$\{data\.terraform_remote_state\.cross-stack-reference-input-shared-333333333333\.outputs\.cross-stack-output-dataaws_iam_openid_connect_provider/);
    }
    // Other accounts still create theirs.
    expect(Object.keys(stack("shared-111111111111").resource.aws_iam_openid_connect_provider)).toHaveLength(1);
  });

  test("by default every account hosting an environment creates its provider, and the roles trust the created one", () => {
    const stack = appJson(SHARED);
    const prodShared = stack("shared-333333333333");
    expect(prodShared.data).toBeUndefined();
    expect(Object.keys(prodShared.resource.aws_iam_openid_connect_provider)).toHaveLength(1);
    const [arn] = trustedProviders(stack("prod-delivery"), "PlanRole");
    expect(arn).toMatch(/cross-stack-output-aws_iam_openid_connect_providerGithubOidc_Provider_/);
    // The registry-only account trusts no GitHub workflow.
    expect(stack("shared-444444444444").resource.aws_iam_openid_connect_provider).toBeUndefined();
  });

  test("the plan role denies every secret read; the deploy role carries no such deny", () => {
    const delivery = appJson(SHARED)("prod-delivery");
    const denies = resources(delivery, "aws_iam_role_policy").filter((p) => p.name === "deny-secret-reads");
    expect(denies).toHaveLength(1);
    expect(denies[0].role).toMatch(/^\$\{aws_iam_role\.PlanRole_[A-F0-9]+\.id\}$/);
    expect(doc(delivery, "PlanRole_DenySecretReadsPolicyDocument").statement.map((s: any) => s.sid)).toEqual(["DenyDecrypt", "DenySecretValues"]);
  });
});

describe("GithubDeployRole", () => {
  function deployJson(): TfJson {
    const app = Testing.app();
    const stack = new TerraformStack(app, "s");
    const registry = new ContainerRegistry(stack, "Registry", { accountId: "444444444444", repositories: ["chatbot-backend"], consumers: [], keyAliasName: "k" });
    const role = new GithubDeployRole(stack, "DeployRole", {
      roleName: "chatbot-prod-github-deploy",
      description: "deploys",
      oidcProviderArn: "arn:aws:iam::333333333333:oidc-provider/token.actions.githubusercontent.com",
      owner: "acme",
      repository: "chatbot",
      subjects: [{ kind: "environment", name: "prod" }],
    });
    registry.grantPush(role.role);
    role.grantDescribeCluster("arn:aws:eks:ap-southeast-2:333333333333:cluster/chatbot-prod-eks");
    role.grantState(
      { bucket: "state", keyPrefix: "prod/", lockTable: "locks", region: "ap-southeast-2", accountId: "444444444444", keyAlias: "alias/state", readOnlyKeyPrefixes: ["shared/"] },
      "readWrite",
    );
    return JSON.parse(Testing.synth(stack));
  }

  test("subjects render as GitHub writes them in the token", () => {
    expect(githubSubject("acme", "chatbot", { kind: "environment", name: "prod" })).toBe("repo:acme/chatbot:environment:prod");
    expect(githubSubject("acme", "chatbot", { kind: "branch", name: "main" })).toBe("repo:acme/chatbot:ref:refs/heads/main");
    expect(githubSubject("acme", "chatbot", { kind: "pullRequest" })).toBe("repo:acme/chatbot:pull_request");
  });

  test("trust: only the OIDC provider, audience sts.amazonaws.com, the exact subjects, one-hour sessions", () => {
    const j = deployJson();
    const trust = doc(j, "DeployRole_Trust");
    expect(trust.statement).toEqual([
      {
        sid: "GithubActions",
        effect: "Allow",
        actions: ["sts:AssumeRoleWithWebIdentity"],
        principals: [{ type: "Federated", identifiers: ["arn:aws:iam::333333333333:oidc-provider/token.actions.githubusercontent.com"] }],
        condition: [
          { test: "StringEquals", variable: "token.actions.githubusercontent.com:aud", values: ["sts.amazonaws.com"] },
          { test: "StringEquals", variable: "token.actions.githubusercontent.com:sub", values: ["repo:acme/chatbot:environment:prod"] },
        ],
      },
    ]);
    expect(resources(j, "aws_iam_role")[0].max_session_duration).toBe(3600);
  });

  test("permissions: push to the registry's repositories, describe one cluster, this environment's state only", () => {
    const j = deployJson();
    const push = doc(j, "EcrPushPolicyDocument");
    const pushResources = push.statement.find((s: any) => s.sid === "Push").resources;
    expect(pushResources).toHaveLength(1);
    expect(pushResources[0]).toMatch(/^\$\{aws_ecr_repository\.Registry_ChatbotBackendRepository_[A-F0-9]+\.arn\}$/);
    expect(doc(j, "DescribeClusterPolicyDocument").statement).toEqual([
      { sid: "DescribeCluster", effect: "Allow", actions: ["eks:DescribeCluster"], resources: ["arn:aws:eks:ap-southeast-2:333333333333:cluster/chatbot-prod-eks"] },
    ]);
    const state = doc(j, "StateReadWritePolicyDocument");
    const bySid = Object.fromEntries(state.statement.map((s: any) => [s.sid, s]));
    expect(bySid.StateObjects.resources).toEqual(["arn:aws:s3:::state/prod/*"]);
    expect(bySid.ListStateBucket).toEqual({ sid: "ListStateBucket", effect: "Allow", actions: ["s3:ListBucket"], resources: ["arn:aws:s3:::state"] });
    expect(bySid.ReadOtherState).toEqual({ sid: "ReadOtherState", effect: "Allow", actions: ["s3:GetObject"], resources: ["arn:aws:s3:::state/shared/*"] });
    expect(bySid.ReleaseLockFiles.resources).toEqual(["arn:aws:s3:::state/prod/*.tflock"]);
    const onlyProdItems = [{ test: "ForAllValues:StringLike", variable: "dynamodb:LeadingKeys", values: ["state/prod/*"] }];
    expect(bySid.StateLockRead).toEqual(expect.objectContaining({ resources: ["arn:aws:dynamodb:ap-southeast-2:444444444444:table/locks"], condition: onlyProdItems }));
    expect(bySid.StateLockWrite).toEqual(expect.objectContaining({ actions: ["dynamodb:PutItem", "dynamodb:DeleteItem"], condition: onlyProdItems }));
    expect(bySid.StateKey.condition).toEqual([{ test: "ForAnyValue:StringEquals", variable: "kms:ResourceAliases", values: ["alias/state"] }]);
    // No wildcard actions in anything granted to the role (the registry key's own key policy aside).
    const roleDocs = Object.entries(j.data!.aws_iam_policy_document).filter(([id]) => id.startsWith("DeployRole_"));
    expect(roleDocs.length).toBeGreaterThanOrEqual(4);
    const actions = roleDocs.flatMap(([, d]: [string, any]) => d.statement.flatMap((s: any) => s.actions));
    expect(actions.filter((a: string) => a === "*" || a.endsWith(":*"))).toEqual([]);
  });

  test("denySecretReads: no decryption and no secret value, on any resource", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "s");
    const role = new GithubDeployRole(stack, "PlanRole", {
      roleName: "chatbot-dev-github-plan",
      description: "plans",
      oidcProviderArn: "arn:aws:iam::111111111111:oidc-provider/token.actions.githubusercontent.com",
      owner: "acme",
      repository: "chatbot",
      subjects: [{ kind: "pullRequest" }],
    });
    role.denySecretReads();
    const j: TfJson = JSON.parse(Testing.synth(stack));
    expect(doc(j, "DenySecretReadsPolicyDocument").statement).toEqual([
      { sid: "DenyDecrypt", effect: "Deny", actions: ["kms:Decrypt", "kms:ReEncryptFrom"], resources: ["*"] },
      { sid: "DenySecretValues", effect: "Deny", actions: ["secretsmanager:GetSecretValue", "secretsmanager:BatchGetSecretValue"], resources: ["*"] },
    ]);
    const [policy] = resources(j, "aws_iam_role_policy");
    expect(policy.name).toBe("deny-secret-reads");
    expect(policy.role).toMatch(/^\$\{aws_iam_role\.PlanRole_[A-F0-9]+\.id\}$/);
    expect(policy.policy).toMatch(/^\$\{data\.aws_iam_policy_document\.PlanRole_DenySecretReadsPolicyDocument_[A-F0-9]+\.json\}$/);
  });

  describe("errors", () => {
    test("no subject", () => {
      expect(() =>
        Testing.synthScope((scope) => {
          new GithubDeployRole(scope, "R", { roleName: "r", description: "d", oidcProviderArn: "arn", owner: "acme", repository: "chatbot", subjects: [] });
        }),
      ).toThrow("GithubDeployRole r: subjects is empty; name at least one GitHub environment or branch");
    });
  });
});
