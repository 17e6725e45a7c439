import * as fs from "fs";
import * as path from "path";
import { Testing } from "cdktf";
import { EksCluster, EksClusterProps } from "../constructs/eks";
import { ENVIRONMENTS, SHARED, STATE } from "../environments";
import { addEnvironment, addSharedStacks } from "../stacks";
import { TfJson, backendSettings, resources, scrub } from "./helpers";

const props: EksClusterProps = {
  namePrefix: "chatbot-test",
  clusterName: "chatbot-test-eks",
  accountId: "123456789012",
  region: "ap-southeast-2",
  kubernetesVersion: "1.34",
  vpcId: "vpc-0123",
  subnetIds: ["subnet-a", "subnet-b"],
  publicEndpointCidrs: [],
  logRetentionDays: 365,
  accessEntries: [
    { principalArn: "arn:aws:iam::123456789012:role/deployer", access: "cluster-admin" },
    { principalArn: "arn:aws:iam::123456789012:role/readers", access: "view", namespaces: ["chatbot"] },
  ],
  nodeGroups: {
    general: { instanceTypes: ["t3.medium"], minSize: 2, desiredSize: 2, maxSize: 5, diskSizeGb: 50, labels: { workload: "general" } },
    ml: { instanceTypes: ["c5.xlarge"], minSize: 1, desiredSize: 1, maxSize: 3, diskSizeGb: 100, labels: { workload: "ml" }, taints: [{ key: "workload", value: "ml", effect: "NO_SCHEDULE" }] },
  },
  addonVersions: { vpcCni: "v1.20.4-eksbuild.1", coredns: "v1.12.4-eksbuild.1", kubeProxy: "v1.34.0-eksbuild.5", ebsCsiDriver: "v1.48.0-eksbuild.2" },
  roleName: (component) => `chatbot-test-${component}`,
};

function json(p: Partial<EksClusterProps> = {}): TfJson {
  return JSON.parse(
    Testing.synthScope((scope) => {
      new EksCluster(scope, "Eks", { ...props, ...p });
    }),
  );
}
const one = (j: TfJson, type: string): any => resources(j, type)[0];
const byName = (j: TfJson, type: string, key: string, value: string): any => resources(j, type).find((r) => r[key] === value);
const group = (j: TfJson, name: string): any => byName(j, "aws_eks_node_group", "node_group_name_prefix", `${name}-`);
const doc = (j: TfJson, idPart: string): any => Object.entries(j.data!.aws_iam_policy_document).find(([id]) => id.includes(idPart))![1];

describe("EksCluster", () => {
  const j = json();

  test("the control plane is private, in the given subnets, with API authentication and no implicit admin", () => {
    const cluster = one(j, "aws_eks_cluster");
    expect(cluster.vpc_config).toEqual({ subnet_ids: ["subnet-a", "subnet-b"], endpoint_private_access: true, endpoint_public_access: false });
    expect(cluster.access_config).toEqual({ authentication_mode: "API", bootstrap_cluster_creator_admin_permissions: false });
    expect(cluster.version).toBe("1.34");
    expect(cluster.bootstrap_self_managed_addons).toBe(false);
  });

  test("the private endpoint admits listed client networks through a security group of their own, and nothing else", () => {
    expect(one(j, "aws_eks_cluster").vpc_config.security_group_ids).toBeUndefined();
    expect(resources(j, "aws_security_group")).toEqual([]);
    const open = json({ privateEndpointClientCidrs: ["10.50.0.0/16"] });
    const rule = one(open, "aws_security_group_rule");
    expect(rule).toMatchObject({ type: "ingress", protocol: "tcp", from_port: 443, to_port: 443, cidr_blocks: ["10.50.0.0/16"] });
    expect(one(open, "aws_eks_cluster").vpc_config.security_group_ids).toEqual([expect.stringMatching(/ApiClientsSecurityGroup/)]);
  });

  test("node instances and volumes carry the given tags", () => {
    const tagged = json({ nodeTags: { Environment: "test", CostCenter: "c1" } });
    for (const template of resources(tagged, "aws_launch_template")) {
      expect(template.tag_specifications.map((t: any) => t.tags)).toEqual([
        { Environment: "test", CostCenter: "c1", Name: expect.stringMatching(/^chatbot-test-eks-(general|ml)$/) },
        { Environment: "test", CostCenter: "c1", Name: expect.stringMatching(/^chatbot-test-eks-(general|ml)$/) },
      ]);
    }
  });

  test("add-ons with an IRSA role wait for its policies", () => {
    const addons = Object.fromEntries(resources(j, "aws_eks_addon").map((a) => [a.addon_name, a]));
    expect(addons["vpc-cni"].depends_on).toEqual([expect.stringMatching(/^aws_iam_role_policy_attachment\.Eks_VpcCniPolicy_/)]);
    expect(addons["aws-ebs-csi-driver"].depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/EbsCsiPolicy/), expect.stringMatching(/EbsCsiVolumesKey/)]));
  });

  test("a public endpoint is opened only to the listed CIDRs", () => {
    const cluster = one(json({ publicEndpointCidrs: ["203.0.113.0/24"] }), "aws_eks_cluster");
    expect(cluster.vpc_config).toMatchObject({ endpoint_private_access: true, endpoint_public_access: true, public_access_cidrs: ["203.0.113.0/24"] });
  });

  test("secrets are envelope-encrypted with a rotating customer-managed key the cluster role may use", () => {
    const cluster = one(j, "aws_eks_cluster");
    expect(cluster.encryption_config.resources).toEqual(["secrets"]);
    expect(cluster.encryption_config.provider.key_arn).toMatch(/^\$\{aws_kms_key\.Eks_SecretsKey_\w+\.arn\}$/);
    const keys = resources(j, "aws_kms_key");
    expect(keys).toHaveLength(3);
    expect(keys.every((k) => k.enable_key_rotation === true)).toBe(true);
    const use = doc(j, "ClusterRoleSecretsKeyPolicy").statement[0];
    expect(use.resources).toEqual([cluster.encryption_config.provider.key_arn]);
  });

  test("every control-plane log type goes to a KMS-encrypted log group created before the cluster", () => {
    const cluster = one(j, "aws_eks_cluster");
    expect(cluster.enabled_cluster_log_types).toEqual(["api", "audit", "authenticator", "controllerManager", "scheduler"]);
    const group = one(j, "aws_cloudwatch_log_group");
    expect(group).toMatchObject({ name: "/aws/eks/chatbot-test-eks/cluster", retention_in_days: 365 });
    expect(group.kms_key_id).toMatch(/Eks_LogsKey/);
    expect(cluster.depends_on.some((d: string) => d.startsWith("aws_cloudwatch_log_group."))).toBe(true);
  });

  test("node groups follow their config, the ML group tainted, the autoscaler owning the desired size", () => {
    const general = group(j, "general");
    const ml = group(j, "ml");
    expect(general).toMatchObject({ instance_types: ["t3.medium"], scaling_config: { min_size: 2, desired_size: 2, max_size: 5 }, labels: { workload: "general" }, taint: [], ami_type: "AL2023_x86_64_STANDARD", capacity_type: "ON_DEMAND" });
    expect(ml).toMatchObject({ instance_types: ["c5.xlarge"], scaling_config: { min_size: 1, desired_size: 1, max_size: 3 }, labels: { workload: "ml" } });
    expect(ml.taint).toEqual([{ key: "workload", value: "ml", effect: "NO_SCHEDULE" }]);
    expect(general.lifecycle).toEqual({ ignore_changes: ["scaling_config[0].desired_size"], create_before_destroy: true });
    expect(general.node_group_name_prefix).toBe("general-");
    expect(general.subnet_ids).toEqual(["subnet-a", "subnet-b"]);
  });

  test("GPU instance families get the NVIDIA node image", () => {
    const gpu = json({ nodeGroups: { ...props.nodeGroups, ml: { ...props.nodeGroups.ml, instanceTypes: ["g5.xlarge"] } } });
    expect(group(gpu, "ml").ami_type).toBe("AL2023_x86_64_NVIDIA");
  });

  test("launch templates require IMDSv2 with one hop and encrypt the root volume with the volumes key", () => {
    for (const template of resources(j, "aws_launch_template")) {
      expect(template.metadata_options).toEqual({ http_endpoint: "enabled", http_tokens: "required", http_put_response_hop_limit: 1 });
      const ebs = template.block_device_mappings[0].ebs;
      expect(ebs).toMatchObject({ encrypted: "true", volume_type: "gp3" });
      expect(ebs.kms_key_id).toMatch(/Eks_VolumesKey/);
    }
    const sizes = resources(j, "aws_launch_template").map((t) => t.block_device_mappings[0].ebs.volume_size).sort();
    expect(sizes).toEqual([100, 50]);
  });

  test("the volumes key lets only the account's Auto Scaling service-linked role use it, and grants only for AWS resources", () => {
    const keyPolicy = doc(j, "VolumesKey_Policy");
    const grants = keyPolicy.statement.find((s: any) => s.sid === "AutoScalingVolumesGrants");
    expect(grants.actions).toEqual(["kms:CreateGrant"]);
    expect(grants.condition).toEqual([
      { test: "ArnEquals", variable: "aws:PrincipalArn", values: ["arn:aws:iam::123456789012:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling"] },
      { test: "StringEquals", variable: "kms:CallerAccount", values: ["123456789012"] },
      { test: "Bool", variable: "kms:GrantIsForAWSResource", values: ["true"] },
    ]);
  });

  test("the node role has only the worker and image-pull policies; the CNI's permissions go to its IRSA role", () => {
    const attachments = resources(j, "aws_iam_role_policy_attachment");
    const nodeRole = "${aws_iam_role.Eks_NodeRole_";
    const nodePolicies = attachments.filter((a) => a.role.startsWith(nodeRole)).map((a) => a.policy_arn).sort();
    expect(nodePolicies).toEqual(["arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly", "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy"]);
    const cni = attachments.find((a) => a.policy_arn.endsWith("AmazonEKS_CNI_Policy"));
    expect(cni.role).toMatch(/Eks_VpcCniRole/);
  });

  test("IRSA roles trust exactly one service account of this cluster's OIDC provider", () => {
    const trust = doc(j, "LoadBalancerControllerRoleTrust").statement[0];
    expect(trust.actions).toEqual(["sts:AssumeRoleWithWebIdentity"]);
    expect(trust.principals).toEqual([{ type: "Federated", identifiers: [expect.stringMatching(/aws_iam_openid_connect_provider\.Eks_OidcProvider/)] }]);
    expect(trust.condition[0]).toMatchObject({ test: "StringEquals", values: ["system:serviceaccount:kube-system:aws-load-balancer-controller"] });
    expect(trust.condition[0].variable).toMatch(/identity\[0\]\.oidc\[0\]\.issuer, "https:\/\/", ""\)\}:sub$/);
    expect(trust.condition[1]).toMatchObject({ test: "StringEquals", values: ["sts.amazonaws.com"] });
    const names = resources(j, "aws_iam_role").map((r) => r.name).sort();
    expect(names).toEqual([
      "chatbot-test-eks-cluster",
      "chatbot-test-eks-node",
      "chatbot-test-irsa-cluster-autoscaler",
      "chatbot-test-irsa-ebs-csi",
      "chatbot-test-irsa-lb-controller",
      "chatbot-test-irsa-vpc-cni",
    ]);
  });

  test("controller policies write only to resources tagged for this cluster, in its VPC, account and region", () => {
    const autoscaler = doc(j, "ClusterAutoscalerPolicyDocument").statement;
    expect(autoscaler[0].condition).toEqual([{ test: "StringEquals", variable: "aws:ResourceTag/k8s.io/cluster-autoscaler/chatbot-test-eks", values: ["owned"] }]);
    const lbc = doc(j, "LoadBalancerControllerPolicyDocument").statement;
    expect(lbc.find((s: any) => s.sid === "CreateSecurityGroupsInClusterVpc").resources).toEqual(["arn:aws:ec2:ap-southeast-2:123456789012:vpc/vpc-0123"]);
    // Ingress of groups it did not create: the nodes' group only, never the data tier's.
    const opened = lbc.filter((s: any) => s.actions.includes("ec2:AuthorizeSecurityGroupIngress"));
    expect(opened.map((s: any) => [s.resources, s.condition ?? []])).toEqual([
      [[expect.stringMatching(/^arn:aws:ec2:ap-southeast-2:123456789012:security-group\/\$\{aws_eks_cluster\.Eks_Cluster_\w+\.vpc_config\[0\]\.cluster_security_group_id\}$/)], []],
      [["arn:aws:ec2:ap-southeast-2:123456789012:security-group/*"], [{ test: "Null", variable: "aws:ResourceTag/elbv2.k8s.aws/cluster", values: ["false"] }]],
    ]);
    const actions = [...autoscaler, ...lbc].flatMap((s: any) => s.actions);
    expect(actions.filter((a: string) => a.includes("*"))).toEqual([]);
    const writes = lbc.filter((s: any) => s.sid.startsWith("Modify"));
    expect(writes.every((s: any) => s.condition.some((c: any) => c.variable === "aws:ResourceTag/elbv2.k8s.aws/cluster"))).toBe(true);
  });

  test("access entries are keyed by role, so reordering the list replaces none", () => {
    const reordered = json({ accessEntries: [...props.accessEntries].reverse() });
    const ids = (x: TfJson) => Object.keys(x.resource.aws_eks_access_entry).sort();
    expect(ids(reordered)).toEqual(ids(j));
    expect(ids(j)).toEqual([expect.stringMatching(/^Eks_AccessDeployer_/), expect.stringMatching(/^Eks_AccessReaders_/)]);
  });

  test("access entries use access policies, cluster-wide or limited to namespaces", () => {
    const policies = resources(j, "aws_eks_access_policy_association");
    expect(policies.map((p) => [p.policy_arn, p.access_scope])).toEqual([
      ["arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", { type: "cluster" }],
      ["arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy", { type: "namespace", namespaces: ["chatbot"] }],
    ]);
    expect(resources(j, "aws_eks_access_entry").map((e) => e.principal_arn)).toEqual(["arn:aws:iam::123456789012:role/deployer", "arn:aws:iam::123456789012:role/readers"]);
  });

  test("add-ons are pinned; vpc-cni and kube-proxy come before the nodes, coredns and EBS CSI after them", () => {
    const addons = Object.fromEntries(resources(j, "aws_eks_addon").map((a) => [a.addon_name, a]));
    expect(Object.fromEntries(Object.entries(addons).map(([n, a]: [string, any]) => [n, a.addon_version]))).toEqual({
      "vpc-cni": "v1.20.4-eksbuild.1",
      "kube-proxy": "v1.34.0-eksbuild.5",
      coredns: "v1.12.4-eksbuild.1",
      "aws-ebs-csi-driver": "v1.48.0-eksbuild.2",
    });
    expect(addons["vpc-cni"].service_account_role_arn).toMatch(/Eks_VpcCniRole/);
    expect(addons["aws-ebs-csi-driver"].service_account_role_arn).toMatch(/Eks_EbsCsiRole/);
    expect(addons.coredns.depends_on.every((d: string) => d.startsWith("aws_eks_node_group."))).toBe(true);
    expect(addons["aws-ebs-csi-driver"].depends_on.filter((d: string) => d.startsWith("aws_eks_node_group."))).toHaveLength(2);
    const general = group(j, "general");
    expect(general.depends_on.filter((d: string) => d.startsWith("aws_eks_addon.")).sort()).toEqual([expect.stringMatching(/KubeProxyAddon/), expect.stringMatching(/VpcCniAddon/)]);
  });

  test("the cluster waits for its role's policies, nodes and launch templates for the node role's, so destroy detaches them last", () => {
    const attachments = j.resource.aws_iam_role_policy_attachment;
    const of = (role: string) =>
      Object.entries(attachments)
        .filter(([, a]: [string, any]) => a.role.startsWith(`\${aws_iam_role.Eks_${role}_`))
        .map(([id]) => `aws_iam_role_policy_attachment.${id}`)
        .sort();
    expect(of("ClusterRole")).toHaveLength(1);
    expect(of("NodeRole")).toHaveLength(2);
    expect(one(j, "aws_eks_cluster").depends_on).toEqual(expect.arrayContaining(of("ClusterRole")));
    for (const type of ["aws_eks_node_group", "aws_launch_template"]) {
      const bodies = resources(j, type);
      expect(bodies).toHaveLength(2);
      for (const body of bodies) {
        expect(body.depends_on).toEqual(expect.arrayContaining(of("NodeRole")));
      }
    }
  });

  test("snapshot", () => {
    expect(scrub(j)).toMatchSnapshot();
  });

  describe("errors", () => {
    test("node group min above max", () => {
      expect(() => json({ nodeGroups: { general: { ...props.nodeGroups.general, minSize: 6 } } })).toThrow(
        [
          "EksCluster chatbot-test-eks: 1 invalid prop; nothing was created:",
          '  - nodeGroups.general: {"minSize":6,"desiredSize":2,"maxSize":5} has sizes out of order',
          "    allowed: minSize <= desiredSize <= maxSize and maxSize >= 1",
          "    fix: correct the sizes of nodeGroups.general",
        ].join("\n"),
      );
    });

    test("a node group mixing instance families", () => {
      expect(() => json({ nodeGroups: { general: { ...props.nodeGroups.general, instanceTypes: ["t3.medium", "m5.large"] } } })).toThrow(
        [
          "EksCluster chatbot-test-eks: 1 invalid prop; nothing was created:",
          '  - nodeGroups.general.instanceTypes: ["t3.medium","m5.large"] mixes instance families t3, m5',
          "    allowed: types of one family (one AMI serves one family)",
          "    fix: split the group",
        ].join("\n"),
      );
    });

    test("every contradiction at once", () => {
      const broken = { general: { ...props.nodeGroups.general, minSize: 9 }, ml: { ...props.nodeGroups.ml, instanceTypes: [] } };
      expect(() => json({ nodeGroups: broken, privateEndpointClientCidrs: ["0.0.0.0/0"] })).toThrow(
        [
          "EksCluster chatbot-test-eks: 3 invalid props; nothing was created:",
          '  - nodeGroups.general: {"minSize":9,"desiredSize":2,"maxSize":5} has sizes out of order',
          "    allowed: minSize <= desiredSize <= maxSize and maxSize >= 1",
          "    fix: correct the sizes of nodeGroups.general",
          "  - nodeGroups.ml.instanceTypes: [] is empty",
          "    allowed: at least one instance type",
          "    fix: name at least one, e.g. t3.medium",
          '  - privateEndpointClientCidrs[0]: "0.0.0.0/0" opens the API endpoint to the whole internet',
          "    allowed: the CIDRs of your VPN or CI egress",
          "    fix: name those CIDRs, or leave the list empty for a private-only endpoint",
        ].join("\n"),
      );
    });

    test("a public endpoint open to the internet", () => {
      expect(() => json({ publicEndpointCidrs: ["0.0.0.0/0"] })).toThrow(
        '  - publicEndpointCidrs[0]: "0.0.0.0/0" opens the API endpoint to the whole internet\n    allowed: the CIDRs of your VPN or CI egress',
      );
    });
  });
});

describe("in the platform stack", () => {
  /** dev's stacks, synthesized as `npm run synth` does (cross-stack references become remote state). */
  const synth = (() => {
    const app = Testing.app();
    const dev = ENVIRONMENTS.find((e) => e.name === "dev")!;
    const props = { environments: [dev], allEnvironments: ENVIRONMENTS, shared: SHARED, backendSettings, state: STATE };
    addEnvironment(app, dev, props, addSharedStacks(app, props));
    app.synth();
    const read = (file: string) => JSON.parse(fs.readFileSync(path.join(app.outdir, file), "utf8"));
    const out = { platform: read("stacks/dev-platform/cdk.tf.json") as TfJson, manifest: read("manifest.json") };
    fs.rmSync(app.outdir, { recursive: true, force: true });
    return out;
  })();
  const j = synth.platform;
  /** Principal ARN and access policy association of every access entry. */
  const entries = (): [string, any][] =>
    Object.entries(j.resource.aws_eks_access_entry).map(([id, e]: [string, any]) => [
      e.principal_arn,
      resources(j, "aws_eks_access_policy_association").find((p) => p.principal_arn === `\${aws_eks_access_entry.${id}.principal_arn}`),
    ]);

  test("the apply role is looked up by name, so a plan fails naming it when it does not exist, and is the cluster-admin", () => {
    const lookups = Object.entries(j.data!.aws_iam_role ?? {});
    expect(lookups.map(([, r]) => r.name)).toEqual(["chatbot-platform-apply"]);
    const [id] = lookups[0];
    const admin = entries().find(([arn]) => arn === `\${data.aws_iam_role.${id}.arn}`);
    expect(admin).toBeDefined();
    expect(admin![1]).toMatchObject({ policy_arn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy", access_scope: { type: "cluster" } });
    // The id it had when platform.access listed the role: an existing entry stays in state.
    expect(Object.keys(j.resource.aws_eks_access_entry)).toContain("Eks_AccessChatbotPlatformApply_C1A9E0A9");
  });

  test("the pull-request plan role of <env>-delivery gets view access to the whole cluster, and nothing else is let in", () => {
    const view = entries().filter(([arn]) => arn !== `\${data.aws_iam_role.${Object.keys(j.data!.aws_iam_role)[0]}.arn}`);
    expect(view).toHaveLength(1);
    expect(view[0][0]).toMatch(/^\$\{data\.terraform_remote_state\.cross-stack-reference-input-dev-delivery\.outputs\.cross-stack-output-aws_iam_role\w*PlanRole\w*arn\}$/);
    expect(view[0][1]).toMatchObject({ policy_arn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy", access_scope: { type: "cluster" } });
  });

  test("platform depends on delivery (for the plan role), never the other way: delivery is applied first", () => {
    const stacks = synth.manifest.stacks;
    expect(stacks["dev-platform"].dependencies).toContain("dev-delivery");
    expect(stacks["dev-delivery"].dependencies).not.toContain("dev-platform");
    expect(stacks["dev-delivery"].dependencies).not.toContain("dev-apps");
  });
});
