/**
 * Terraform Cloud: the workload identity trust in each account, the workspaces stack and its graph
 * (derived from the stacks' cross-stack references), the emitted tfe resources against the
 * binding's schema, cross-backend reads, and bad input.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, TerraformOutput, TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { Project } from "@cdktf/provider-tfe/lib/project";
import { ProjectVariableSet } from "@cdktf/provider-tfe/lib/project-variable-set";
import { RunTrigger } from "@cdktf/provider-tfe/lib/run-trigger";
import { Variable } from "@cdktf/provider-tfe/lib/variable";
import { VariableSet } from "@cdktf/provider-tfe/lib/variable-set";
import { Workspace } from "@cdktf/provider-tfe/lib/workspace";
import { WorkspaceSettings } from "@cdktf/provider-tfe/lib/workspace-settings";
import { SsmParameter } from "@cdktf/provider-aws/lib/ssm-parameter";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { ENVIRONMENTS, SHARED, STATE } from "../environments";
import { applyBackend } from "../lib/backend";
import { EnvironmentConfig, SharedConfig, StateConfig } from "../lib/config";
import { environmentLayers, runSubject, terraformCloudSettings } from "../lib/terraform-cloud";
import { validateEnvironments } from "../lib/validate";
import { APPLY_SERVICES, serviceOfResourceType } from "../constructs/terraform-cloud-identity";
import { buildApp } from "../stacks";
import { backendSettings, configErrorOf, scrub, testEnv, TfJson } from "./helpers";

/** A development environment on Terraform Cloud, with every layer (platform, apps, data). */
function cloudEnv(overrides: Partial<EnvironmentConfig> = {}, backend: Partial<Extract<EnvironmentConfig["backend"], { kind: "cloud" }>> = {}): EnvironmentConfig {
  const name = overrides.name ?? "tcloud";
  const accountId = overrides.accountId ?? "111111111111";
  return testEnv({
    name,
    accountId,
    backend: { kind: "cloud", organization: "acme", ...backend },
    operators: { applyRoleArn: `arn:aws:iam::${accountId}:role/chatbot-${name}-tfc-apply` },
    serverless: { ...testEnv().serverless, functionName: `fn-${name}` },
    ...overrides,
  });
}

/** Synthesizes the app for these environments into a scratch directory: stack name -> JSON. */
function synthAll(envs: readonly EnvironmentConfig[], shared: SharedConfig = SHARED, state: StateConfig = STATE): Map<string, TfJson> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "tfc-test-"));
  try {
    const app = new App({ outdir, skipValidation: true });
    buildApp(app, { allEnvironments: envs, environments: envs, shared, backendSettings, state });
    app.synth();
    const stacks = new Map<string, TfJson>();
    for (const name of fs.readdirSync(path.join(outdir, "stacks"))) {
      stacks.set(name, JSON.parse(fs.readFileSync(path.join(outdir, "stacks", name, "cdk.tf.json"), "utf8")));
    }
    return stacks;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

const errorOf = (fn: () => unknown): string => configErrorOf(fn).message;

const policyDoc = (json: TfJson, idPart: string): any => Object.entries(json.data!.aws_iam_policy_document).find(([id]) => id.includes(idPart))![1];
const statementsOf = (doc: any): any[] => doc.statement;
const condition = (statement: any, variable: string): any => statement.condition.find((c: any) => c.variable === variable);

const dev = cloudEnv();
const prod = cloudEnv({ name: "tprod", accountId: "222222222222", criticality: "production", network: { ...testEnv().network, cidr: "10.60.0.0/16" } });
const stacks = synthAll([dev, prod]);

describe("workload identity in the environment's account", () => {
  const shared = stacks.get("shared-111111111111")!;

  test("one OIDC provider for the host, with the audience the workspaces request", () => {
    const providers = Object.values(shared.resource.aws_iam_openid_connect_provider).filter((p: any) => p.url === "https://app.terraform.io");
    expect(providers).toEqual([expect.objectContaining({ client_id_list: ["aws.workload.identity"] })]);
  });

  test.each([
    ["Plan", "plan"],
    ["Apply", "apply"],
  ] as const)("the %s role trusts exactly its environment's workspaces, in that run phase only", (role, phase) => {
    const [trust] = statementsOf(policyDoc(shared, `TerraformCloudTcloud_${role}_Trust`));
    expect(trust.actions).toEqual(["sts:AssumeRoleWithWebIdentity"]);
    expect(trust.principals[0].identifiers[0]).toMatch(/aws_iam_openid_connect_provider\.TerraformCloudOidcAppTerraformIo/);
    expect(condition(trust, "app.terraform.io:aud")).toEqual({ test: "StringEquals", variable: "app.terraform.io:aud", values: ["aws.workload.identity"] });
    const sub = condition(trust, "app.terraform.io:sub");
    expect(sub.test).toBe("StringEquals");
    expect(sub.values).toEqual(
      environmentLayers(dev)
        .map((layer) => `organization:acme:project:chatbot-tcloud:workspace:chatbot-tcloud-${layer}:run_phase:${phase}`)
        .sort(),
    );
  });

  test("every workspace the stacks synthesize is trusted, and nothing else", () => {
    const workspaces = [...stacks.entries()].filter(([name]) => name.startsWith("tcloud-")).map(([, json]) => json.terraform.cloud.workspaces.name);
    const settings = terraformCloudSettings(dev)!;
    const [trust] = statementsOf(policyDoc(shared, "TerraformCloudTcloud_Apply_Trust"));
    expect(condition(trust, "app.terraform.io:sub").values).toEqual(workspaces.map((w) => runSubject(settings, w, "apply")).sort());
  });

  test("the production roles live in production's account and trust no development workspace", () => {
    const prodShared = stacks.get("shared-222222222222")!;
    const [trust] = statementsOf(policyDoc(prodShared, "TerraformCloudTprod_Apply_Trust"));
    expect(condition(trust, "app.terraform.io:sub").values.every((s: string) => s.includes(":project:chatbot-tprod:workspace:chatbot-tprod-"))).toBe(true);
    expect(JSON.stringify(shared)).not.toContain("chatbot-tprod");
  });

  test("the plan role reads everything but no secret, and reads shared state through the read-only state role", () => {
    expect(Object.values(shared.resource.aws_iam_role_policy_attachment)).toContainEqual(
      expect.objectContaining({ policy_arn: "arn:aws:iam::aws:policy/ReadOnlyAccess", role: expect.stringContaining("TerraformCloudTcloud_Plan_Role") }),
    );
    const deny = statementsOf(policyDoc(shared, "TerraformCloudTcloud_Plan_DenySecretReads"));
    expect(deny.map((s) => [s.effect, s.actions])).toEqual([
      ["Deny", ["kms:Decrypt", "kms:ReEncryptFrom"]],
      ["Deny", ["secretsmanager:GetSecretValue", "secretsmanager:BatchGetSecretValue"]],
    ]);
    expect(statementsOf(policyDoc(shared, "TerraformCloudTcloud_Plan_StateAccess"))).toEqual([
      { sid: "AssumeStateAccessRole", effect: "Allow", actions: ["sts:AssumeRole"], resources: ["arn:aws:iam::444444444444:role/chatbot-tcloud-state-read"] },
    ]);
  });

  test("the apply role manages the stacks' services and can neither change the identities nor mint long-lived keys", () => {
    const [allow, denyRoles, denyProviders, denyKeys] = statementsOf(policyDoc(shared, "TerraformCloudTcloud_ApplyPolicyDocument"));
    expect(allow.actions).toEqual(APPLY_SERVICES.map((s) => `${s}:*`));
    expect(allow.actions).not.toContain("sts:*");
    expect(denyRoles.resources).toEqual(expect.arrayContaining(["arn:aws:iam::111111111111:role/*-tfc-apply", "arn:aws:iam::111111111111:role/*-github-plan"]));
    expect(denyRoles.actions).toContain("iam:UpdateAssumeRolePolicy");
    expect(denyProviders.resources).toContain("arn:aws:iam::111111111111:oidc-provider/app.terraform.io");
    expect(denyKeys.actions).toEqual(expect.arrayContaining(["iam:CreateUser", "iam:CreateAccessKey"]));
  });

  test("APPLY_SERVICES covers every AWS resource and data source type of every environment stack", () => {
    const all = synthAll(ENVIRONMENTS.filter((e) => e.criticality !== "test").concat(dev));
    const missing = new Set<string>();
    for (const [name, json] of all) {
      if (/^(bootstrap|shared-|tfc-)/.test(name)) {
        continue;
      }
      for (const type of [...Object.keys(json.resource ?? {}), ...Object.keys(json.data ?? {})].filter((t) => t.startsWith("aws_"))) {
        const service = serviceOfResourceType(type);
        if (service === undefined || (service !== null && !(APPLY_SERVICES as readonly string[]).includes(service))) {
          missing.add(`${name}: ${type} -> ${service}`);
        }
      }
    }
    expect([...missing]).toEqual([]);
  });

  test("the state account's read-only role for the environment reads shared/ only and trusts its two roles", () => {
    const bootstrap = synthAll([dev], SHARED, { ...STATE }).get("bootstrap")!;
    // Real state roles exclude test environments; `dev` here is a development environment.
    const trust = statementsOf(policyDoc(bootstrap, "TcloudRead_Trust"))[0];
    expect(condition(trust, "aws:PrincipalArn").values).toEqual([
      "arn:aws:iam::111111111111:role/chatbot-tcloud-tfc-plan",
      "arn:aws:iam::111111111111:role/chatbot-tcloud-tfc-apply",
      ...STATE.administratorArns,
    ]);
    const roles = Object.values(bootstrap.resource.aws_iam_role).map((r: any) => r.name);
    expect(roles).toContain("chatbot-tcloud-state-read");
    expect(roles).not.toContain("chatbot-tcloud-state");
  });
});

describe("the environment's stacks on Terraform Cloud", () => {
  test("a cloud block naming the stack's workspace, and shared outputs read through the read-only state role", () => {
    const delivery = stacks.get("tcloud-delivery")!;
    expect(delivery.terraform.cloud).toEqual({ hostname: "app.terraform.io", organization: "acme", workspaces: { name: "chatbot-tcloud-delivery" } });
    expect(delivery.terraform.backend).toBeUndefined();
    const reads = delivery.data!.terraform_remote_state;
    expect(reads["cross-stack-reference-input-shared-111111111111"].config.assume_role).toEqual({
      role_arn: "arn:aws:iam::444444444444:role/chatbot-tcloud-state-read",
      session_name: "tcloud-delivery-read",
    });
    expect(reads["cross-stack-reference-input-tcloud-serverless"]).toEqual({
      backend: "remote",
      config: { hostname: "app.terraform.io", organization: "acme", workspaces: { name: "chatbot-tcloud-serverless" } },
    });
  });

  test("the apps stack gets its cluster token from an ephemeral resource, never from the AWS CLI", () => {
    const apps = stacks.get("tcloud-apps")!;
    expect((apps as any).ephemeral).toEqual({ aws_eks_cluster_auth: { cluster: { name: "chatbot-tcloud-eks" } } });
    const kubernetes = apps.provider!.kubernetes[0];
    expect(kubernetes.token).toBe("${ephemeral.aws_eks_cluster_auth.cluster.token}");
    expect(kubernetes.exec).toBeUndefined();
    expect(apps.provider!.helm[0].kubernetes.token).toBe("${ephemeral.aws_eks_cluster_auth.cluster.token}");
    expect(apps.terraform.required_version).toBe(">= 1.10");
  });

  test("the platform stack makes the apply role cluster-admin and gives the plan role view", () => {
    const platform = stacks.get("tcloud-platform")!;
    const entries = Object.values(platform.resource.aws_eks_access_entry).map((e: any) => e.principal_arn);
    expect(entries).toEqual(expect.arrayContaining(["arn:aws:iam::111111111111:role/chatbot-tcloud-tfc-plan"]));
    expect(platform.data!.aws_iam_role.ApplyRole.name).toBe("chatbot-tcloud-tfc-apply");
  });
});

describe("tfc-<organization>", () => {
  const tfc = stacks.get("tfc-acme")!;
  const workspaces = tfc.resource.tfe_workspace;
  const idOf = (name: string): string => `\${tfe_workspace.${Object.entries(workspaces).find(([, w]: any) => w.name === name)![0]}.id}`;
  const nameOfId = (ref: string): string => (workspaces as any)[/tfe_workspace\.([^.]+)\.id/.exec(ref)![1]].name;

  test("its provider takes no token from config, and its state is in the state bucket", () => {
    expect(tfc.provider!.tfe).toEqual([{ hostname: "app.terraform.io" }]);
    expect(JSON.stringify(tfc)).not.toMatch(/"token"/);
    expect(tfc.terraform.backend.s3.key).toBe("tfc/acme.tfstate");
  });

  test("a project per environment, with the dynamic credentials as a priority variable set", () => {
    expect(Object.values(tfc.resource.tfe_project).map((p: any) => p.name).sort()).toEqual(["chatbot-tcloud", "chatbot-tprod"]);
    const variables = Object.values(tfc.resource.tfe_variable).filter((v: any) => v.variable_set_id.includes("TcloudAwsCredentials"));
    expect(Object.fromEntries(variables.map((v: any) => [v.key, [v.value, v.category]]))).toEqual({
      TFC_AWS_PROVIDER_AUTH: ["true", "env"],
      TFC_AWS_PLAN_ROLE_ARN: ["arn:aws:iam::111111111111:role/chatbot-tcloud-tfc-plan", "env"],
      TFC_AWS_APPLY_ROLE_ARN: ["arn:aws:iam::111111111111:role/chatbot-tcloud-tfc-apply", "env"],
    });
    expect(tfc.resource.tfe_variable_set.TcloudAwsCredentials.priority).toBe(true);
    expect(scrub(tfc).resource.tfe_project_variable_set.TcloudAwsCredentialsOnProject).toEqual({
      project_id: "${tfe_project.TcloudProject.id}",
      variable_set_id: "${tfe_variable_set.TcloudAwsCredentials.id}",
    });
  });

  test("a workspace per stack, remote, on the pinned version; production never auto-applies nor plans destroys", () => {
    const envStacks = [...stacks.keys()].filter((s) => /^(tcloud|tprod)-/.test(s));
    expect(Object.values(workspaces).map((w: any) => w.name).sort()).toEqual(envStacks.map((s) => `chatbot-${s}`).sort());
    for (const w of Object.values(workspaces) as any[]) {
      const production = w.name.startsWith("chatbot-tprod-");
      expect([w.terraform_version, w.auto_apply, w.auto_apply_run_trigger, w.allow_destroy_plan]).toEqual(["1.12.2", !production, !production, !production]);
    }
    for (const s of Object.values(tfc.resource.tfe_workspace_settings) as any[]) {
      expect([s.execution_mode, s.global_remote_state]).toEqual(["remote", false]);
    }
  });

  test("state is shared exactly with the workspaces whose stacks read it", () => {
    const readersOf = new Map<string, string[]>();
    for (const [stack, json] of stacks) {
      if (!/^(tcloud|tprod)-/.test(stack)) {
        continue;
      }
      for (const read of Object.values(json.data?.terraform_remote_state ?? {}) as any[]) {
        if (read.backend === "remote") {
          const producer = read.config.workspaces.name;
          readersOf.set(producer, [...(readersOf.get(producer) ?? []), json.terraform.cloud.workspaces.name]);
        }
      }
    }
    expect(readersOf.size).toBeGreaterThan(3);
    for (const [name, w] of Object.entries(workspaces) as [string, any][]) {
      const settings = Object.values(tfc.resource.tfe_workspace_settings).find((s: any) => s.workspace_id === `\${tfe_workspace.${name}.id}`) as any;
      expect([w.name, settings.remote_state_consumer_ids.map(nameOfId).sort()]).toEqual([w.name, (readersOf.get(w.name) ?? []).sort()]);
    }
  });

  test("run triggers follow the stacks' dependencies, and the apply order puts every producer first", () => {
    const triggers = Object.values(tfc.resource.tfe_run_trigger).map((t: any) => `${nameOfId(t.sourceable_id)} -> ${nameOfId(t.workspace_id)}`);
    expect(triggers).toEqual(expect.arrayContaining(["chatbot-tcloud-network -> chatbot-tcloud-platform", "chatbot-tcloud-platform -> chatbot-tcloud-apps", "chatbot-tcloud-serverless -> chatbot-tcloud-delivery"]));
    const order: string[] = tfc.output!.tcloud_apply_order.value;
    for (const t of triggers.filter((x) => x.startsWith("chatbot-tcloud-"))) {
      const [from, to] = t.split(" -> ");
      expect(order.indexOf(from)).toBeLessThan(order.indexOf(to));
    }
    // Every reader is triggered by what it reads.
    for (const s of Object.values(tfc.resource.tfe_workspace_settings) as any[]) {
      for (const reader of s.remote_state_consumer_ids) {
        expect(triggers).toContain(`${nameOfId(s.workspace_id)} -> ${nameOfId(reader)}`);
      }
    }
    expect(idOf("chatbot-tcloud-network")).toMatch(/^\$\{tfe_workspace\./);
  });

  test("every emitted tfe resource matches the binding's schema: known arguments of the right type, required ones set", () => {
    const bindings = [Project, ProjectVariableSet, RunTrigger, Variable, VariableSet, Workspace, WorkspaceSettings];
    const scope = new TerraformStack(Testing.app(), "schema");
    /** The binding's config interface: argument (snake case) -> [TypeScript type, required]. */
    const schemaOf = (cls: (typeof bindings)[number]): Map<string, [string, boolean]> => {
      const file = require.resolve(`@cdktf/provider-tfe/lib/${cls.tfResourceType.replace(/^tfe_/, "").replace(/_/g, "-")}/index.d.ts`);
      const config = /export interface \w+Config extends cdktf\.TerraformMetaArguments \{([\s\S]*?)\n\}/.exec(fs.readFileSync(file, "utf8"))![1];
      const schema = new Map([...config.matchAll(/readonly (\w+)(\??): ([^;\n]*)/g)].map((m) => [m[1].replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), [m[3].trim(), m[2] !== "?"] as [string, boolean]]));
      // The same arguments the binding renders (a bare instance renders every one, unset).
      const rendered = Object.keys((new (cls as any)(scope, `${cls.tfResourceType}-probe`, {}) as any).synthesizeAttributes());
      expect([cls.tfResourceType, [...schema.keys()].filter((k) => k !== "id").sort()]).toEqual([cls.tfResourceType, rendered.filter((k) => k !== "id").sort()]);
      return schema;
    };
    const types = Object.keys(tfc.resource);
    expect(types.sort()).toEqual(bindings.map((b) => b.tfResourceType).sort());
    for (const cls of bindings) {
      const schema = schemaOf(cls);
      for (const [id, body] of Object.entries(tfc.resource[cls.tfResourceType]) as [string, Record<string, unknown>][]) {
        for (const [arg, value] of Object.entries(body)) {
          if (arg === "//") {
            continue;
          }
          expect([id, arg, schema.has(arg)]).toEqual([id, arg, true]);
          const type = schema.get(arg)![0];
          const ok = type.startsWith("string[]") ? Array.isArray(value) : type.startsWith("boolean") ? typeof value === "boolean" : type.startsWith("string") ? typeof value === "string" : true;
          expect([id, arg, type, ok]).toEqual([id, arg, type, true]);
        }
        for (const [arg, [, required]] of schema) {
          if (required) {
            expect([id, arg, arg in body]).toEqual([id, arg, true]);
          }
        }
      }
    }
    // The provider moved these to tfe_workspace_settings (deprecated on tfe_workspace in 0.71).
    for (const w of Object.values(workspaces) as any[]) {
      expect(["execution_mode", "global_remote_state", "remote_state_consumer_ids"].filter((a) => a in w)).toEqual([]);
    }
  });

  test("a partial synth writes the same tfc stack as a full one", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "tfc-partial-"));
    try {
      const app = new App({ outdir, skipValidation: true });
      buildApp(app, { allEnvironments: [dev, prod], environments: [prod], shared: SHARED, backendSettings, state: STATE });
      app.synth();
      expect(JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "tfc-acme", "cdk.tf.json"), "utf8"))).toEqual(tfc);
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});

describe("reads across backends", () => {
  /** Two stacks: `consumer` passes `producer`'s value to an output, so it reads producer's state. */
  function crossRead(producerBackend: EnvironmentConfig["backend"], consumerBackend: EnvironmentConfig["backend"]): () => void {
    return () => {
      const app = Testing.app();
      const make = (id: string, backend: EnvironmentConfig["backend"]): TerraformStack => {
        const stack = new TerraformStack(app, id);
        new AwsProvider(stack, "Aws", { region: "ap-southeast-2" });
        applyBackend(stack, backend, backendSettings, id.split("-")[0], id.split("-")[1]);
        return stack;
      };
      const producer = make("one-producer", producerBackend);
      const parameter = new SsmParameter(producer, "Value", { name: "/x", type: "String", value: "x" });
      const consumer = make("two-consumer", consumerBackend);
      new TerraformOutput(consumer as Construct, "copied", { value: parameter.name });
      app.synth();
    };
  }

  test("a stack on S3 reading a Terraform Cloud workspace is refused at synth, naming both stacks", () => {
    const message = errorOf(crossRead({ kind: "cloud", organization: "acme" }, { kind: "s3" }));
    expect(message).toContain("two-consumer.backend: \"the S3 state bucket\" reads outputs of one-producer, whose state is in workspace chatbot-one-producer of acme on app.terraform.io");
    expect(message).toContain("fix: give the environments of two-consumer and one-producer the same backend");
  });

  test("a workspace of another organization is refused too", () => {
    expect(errorOf(crossRead({ kind: "cloud", organization: "acme" }, { kind: "cloud", organization: "other" }))).toContain('"Terraform Cloud (other on app.terraform.io)" reads outputs of one-producer');
  });

  test("the same organization reads through the remote backend", () => {
    expect(crossRead({ kind: "cloud", organization: "acme" }, { kind: "cloud", organization: "acme" })).not.toThrow();
  });
});

describe("bad input", () => {
  const check = (envs: EnvironmentConfig[], shared?: SharedConfig): string => errorOf(() => validateEnvironments(envs, shared));

  test("names Terraform Cloud would refuse, all at once", () => {
    const message = check([
      cloudEnv({}, { organization: "a", hostname: "https://tfe.example.com/app", project: "x".repeat(41), workspacePrefix: "p".repeat(80), terraformVersion: "~> 1.12", audience: "has space" }),
    ]);
    expect(message).toContain("Invalid configuration (6 problems)");
    expect(message).toContain('tcloud.backend.organization: "a" is not a Terraform Cloud organization name');
    expect(message).toContain('tcloud.backend.hostname: "https://tfe.example.com/app" is not a host name (without https:// or a path)');
    expect(message).toContain(`tcloud.backend.project: "${"x".repeat(41)}" is not a Terraform Cloud project name this platform uses`);
    expect(message).toContain(`makes the workspace name ${"p".repeat(80)}tcloud-network 94 characters long`);
    expect(message).toContain('tcloud.backend.terraformVersion: "~> 1.12" is not an exact Terraform release');
    expect(message).toContain('tcloud.backend.audience: "has space" is not a token audience');
  });

  test("a workspace name over Terraform Cloud's limit of 90 characters", () => {
    const prefix = "p".repeat(74);
    expect(() => validateEnvironments([cloudEnv({}, { workspacePrefix: prefix.slice(1) })])).not.toThrow();
    const message = check([cloudEnv({}, { workspacePrefix: prefix })]);
    expect(message).toContain(`tcloud.backend.workspacePrefix: "${prefix}" makes the workspace name ${prefix}tcloud-serverless 91 characters long`);
    expect(message).toContain("fix: shorten tcloud.backend.workspacePrefix by 1 characters");
    expect(message).toContain("allowed: workspace names of at most 90 characters (Terraform Cloud's limit)");
  });

  test("production: no wildcard subject, no auto-apply", () => {
    const message = check([cloudEnv({ name: "tprod", criticality: "production" }, { additionalWorkspaces: ["team-*"], autoApply: true })]);
    expect(message).toContain('tprod.backend.additionalWorkspaces[0]: "team-*" is a wildcard: a production role would trust workspaces nobody has reviewed yet');
    expect(message).toContain('tprod.backend.autoApply: true applies production plans without anyone confirming them');
  });

  test("outside production a pattern is trusted as a pattern, but never a bare wildcard", () => {
    expect(check([cloudEnv({}, { additionalWorkspaces: ["*"] })])).toContain('tcloud.backend.additionalWorkspaces[0]: "*" matches every workspace of the project');
    const shared = synthAll([cloudEnv({}, { additionalWorkspaces: ["team-*"] })]).get("shared-111111111111")!;
    const sub = condition(statementsOf(policyDoc(shared, "TerraformCloudTcloud_Plan_Trust"))[0], "app.terraform.io:sub");
    expect(sub.test).toBe("StringLike");
    expect(sub.values).toContain("organization:acme:project:chatbot-tcloud:workspace:team-*:run_phase:plan");
  });

  test("the apply role must be the one the workspaces apply with", () => {
    expect(check([cloudEnv({ operators: { applyRoleArn: "arn:aws:iam::111111111111:role/platform-apply" } })])).toContain(
      'tcloud.operators.applyRoleArn: "arn:aws:iam::111111111111:role/platform-apply" is not the role the Terraform Cloud workspaces apply with\n    allowed: arn:aws:iam::111111111111:role/chatbot-tcloud-tfc-apply',
    );
  });

  test("one organization on two hosts, and two environments in one project", () => {
    const other = cloudEnv({ name: "tother", network: { ...testEnv().network, cidr: "10.70.0.0/16" } }, { hostname: "tfe.example.com", project: "chatbot-tcloud" });
    const message = check([cloudEnv(), other]);
    expect(message).toContain('tother.backend.hostname: "tfe.example.com" differs from tcloud\'s host app.terraform.io for the same organization acme');
    const sameHost = cloudEnv({ name: "tother", network: { ...testEnv().network, cidr: "10.70.0.0/16" } }, { project: "chatbot-tcloud" });
    expect(check([cloudEnv(), sameHost])).toContain('tother.backend.project: "chatbot-tcloud" is already tcloud\'s project in acme');
  });

  test("a pinned Terraform version older than a stack requires is refused at synth", () => {
    const message = errorOf(() => synthAll([cloudEnv({}, { terraformVersion: "1.9.8" })]));
    expect(message).toContain('tcloud.backend.terraformVersion: "1.9.8" is older than tcloud-apps requires (>= 1.10)');
  });

  test("an existing-provider entry for an account with no environment on Terraform Cloud", () => {
    expect(check([cloudEnv()], { ...SHARED, terraformCloudOidcProviders: { "222222222222": "existing" } })).toContain(
      'shared.terraformCloudOidcProviders.222222222222: "222222222222" hosts no environment on Terraform Cloud',
    );
  });

  test("an existing provider is looked up and must accept the audience", () => {
    const shared = synthAll([cloudEnv()], { ...SHARED, terraformCloudOidcProviders: { "111111111111": "existing" } }).get("shared-111111111111")!;
    expect(Object.values(shared.resource.aws_iam_openid_connect_provider).map((p: any) => p.url)).not.toContain("https://app.terraform.io");
    const [lookup] = Object.values(shared.data!.aws_iam_openid_connect_provider) as any[];
    expect(lookup.url).toBe("https://app.terraform.io");
    expect(lookup.lifecycle.postcondition[0].condition).toBe('${contains(self.client_id_list, "aws.workload.identity")}');
  });
});
