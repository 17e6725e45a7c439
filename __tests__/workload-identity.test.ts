import { Testing } from "cdktf";
import { WorkloadIdentity, WorkloadIdentityProps } from "../constructs/workload-identity";

type Json = Record<string, any>;
const POLICY = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sqs:ReceiveMessage", Resource: "*" }] });
const props: WorkloadIdentityProps = {
  roleName: "team-a-dev-report-worker",
  clusterName: "chatbot-dev",
  oidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/oidc.eks.ap-southeast-2.amazonaws.com/id/EXAMPLE",
  oidcIssuer: "oidc.eks.ap-southeast-2.amazonaws.com/id/EXAMPLE",
  serviceAccount: { namespace: "team-a", name: "report-worker" },
  policies: { "consume-queues": POLICY },
};
const synth = (p: Partial<WorkloadIdentityProps> = {}): Json =>
  JSON.parse(Testing.synthScope((scope) => void new WorkloadIdentity(scope, "Identity", { ...props, ...p })));

describe("WorkloadIdentity", () => {
  test("the role trusts only the service account's subject and the STS audience, through the cluster's OIDC provider", () => {
    const doc = Object.values(synth().data.aws_iam_policy_document)[0] as Json;
    expect(doc.statement).toEqual([
      {
        sid: "ServiceAccount",
        effect: "Allow",
        actions: ["sts:AssumeRoleWithWebIdentity"],
        principals: [{ type: "Federated", identifiers: [props.oidcProviderArn] }],
        condition: [
          { test: "StringEquals", variable: `${props.oidcIssuer}:sub`, values: ["system:serviceaccount:team-a:report-worker"] },
          { test: "StringEquals", variable: `${props.oidcIssuer}:aud`, values: ["sts.amazonaws.com"] },
        ],
      },
    ]);
  });

  test("each policy becomes an inline policy of the role under its name; none without policies", () => {
    const policies = Object.values(synth().resource.aws_iam_role_policy) as Json[];
    expect(policies).toHaveLength(1);
    expect(policies[0]).toMatchObject({ name: "consume-queues", policy: POLICY });
    expect(synth({ policies: undefined }).resource.aws_iam_role_policy).toBeUndefined();
  });

  describe("errors", () => {
    test("reports every bad prop at once, with value, what is allowed and the fix", () => {
      expect(() =>
        synth({
          roleName: "team a",
          oidcIssuer: "https://oidc.example",
          serviceAccount: { namespace: "Team_A", name: "report-worker" },
          policies: { "consume queues": "[]" },
        }),
      ).toThrow(
        [
          "WorkloadIdentity team a: 5 invalid props; nothing was created:",
          '  - roleName: "team a" is not an IAM role name',
          "    allowed: 1 to 64 letters, digits and +=,.@_-",
          '    fix: rename it, e.g. "team-a-dev-report-worker"',
          '  - oidcIssuer: "https://oidc.example" is not an OIDC issuer host and path',
          "    allowed: the issuer URL without https://, e.g. oidc.eks.ap-southeast-2.amazonaws.com/id/EXAMPLE",
          "    fix: remove the https:// prefix",
          '  - serviceAccount.namespace: "Team_A" is not a Kubernetes namespace',
          "    allowed: 1 to 63 lower-case letters, digits and hyphens, starting and ending with a letter or digit",
          '    fix: use the namespace the workload runs in, e.g. "team-a"',
          '  - policies.consume queues: "consume queues" is not an inline policy name',
          "    allowed: 1 to 128 letters, digits and +=,.@_-",
          '    fix: rename it, e.g. "consume-queues"',
          '  - policies.consume queues: "[]" is not an IAM policy document',
          '    allowed: JSON with "Version" and "Statement"',
          "    fix: pass the policy JSON, e.g. a job-queue module's consume_policy_json output",
        ].join("\n"),
      );
    });

    test("an OIDC provider ARN that is not one is refused", () => {
      expect(() => synth({ oidcProviderArn: "oidc.eks.ap-southeast-2.amazonaws.com/id/EXAMPLE" })).toThrow(
        /oidcProviderArn: "oidc.eks.ap-southeast-2.amazonaws.com\/id\/EXAMPLE" is not an IAM OIDC provider ARN/,
      );
    });
  });
});
