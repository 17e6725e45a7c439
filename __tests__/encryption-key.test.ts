import { Testing } from "cdktf";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { EncryptionKey, EncryptionKeyProps } from "../constructs/encryption-key";

const props: EncryptionKeyProps = {
  aliasName: "chatbot-test-thing",
  description: "Encrypts the thing",
  accountId: "123456789012",
  serviceUsers: [
    {
      sid: "Logs",
      servicePrincipal: "logs.ap-southeast-2.amazonaws.com",
      conditions: [{ test: "ArnLike", variable: "kms:EncryptionContext:aws:logs:arn", values: ["arn:aws:logs:ap-southeast-2:123456789012:log-group:/x"] }],
    },
  ],
};

function synth(p: Partial<EncryptionKeyProps> = {}): string {
  return Testing.synthScope((scope) => {
    new EncryptionKey(scope, "Key", { ...props, ...p });
  });
}

describe("EncryptionKey", () => {
  test("rotates yearly and waits 30 days before deletion by default", () => {
    expect(synth()).toHaveResourceWithProperties(KmsKey, { enable_key_rotation: true, deletion_window_in_days: 30 });
  });

  test("the policy grants the account root administration and each service only with its conditions", () => {
    const json = JSON.parse(synth());
    const [doc] = Object.values(json.data.aws_iam_policy_document) as any[];
    expect(doc.statement.map((s: any) => s.sid)).toEqual(["AccountAdministration", "Logs"]);
    expect(doc.statement[0].principals).toEqual([{ type: "AWS", identifiers: ["arn:aws:iam::123456789012:root"] }]);
    expect(doc.statement[1].actions).not.toContain("kms:*");
    expect(doc.statement[1].condition).toEqual(props.serviceUsers![0].conditions);
  });

  describe("errors", () => {
    test("a deletion window outside 7..30 days", () => {
      expect(() => synth({ deletionWindowInDays: 3 })).toThrow(
        "EncryptionKey chatbot-test-thing: deletionWindowInDays 3 is outside 7..30; use 30 unless the key is throw-away",
      );
    });
  });
});
