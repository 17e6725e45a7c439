import { Testing } from "cdktf";
import { ContainerRegistry, ContainerRegistryProps } from "../constructs/container-registry";

const props: ContainerRegistryProps = { accountId: "444444444444", repositories: ["chatbot-backend"], consumers: [], keyAliasName: "chatbot-ecr" };
const synth = (p: Partial<ContainerRegistryProps>): string => Testing.synthScope((scope) => void new ContainerRegistry(scope, "Registry", { ...props, ...p }));

describe("ContainerRegistry props", () => {
  describe("errors", () => {
    test("reports every bad prop at once, with the same rules and wording as the shared config's validation", () => {
      expect(() => synth({ repositories: ["Chatbot_Backend"], keepReleaseImages: 0, untaggedImageDays: 4000, releaseTagPrefixes: [], keyAliasName: "aws/ecr" })).toThrow(
        [
          "ContainerRegistry aws/ecr: 5 invalid props; nothing was created:",
          '  - repositories[0]: "Chatbot_Backend" is not an ECR repository name',
          "    allowed: lower-case letters, digits, '.', '_', '-', '/' separated names, at most 256 characters",
          "    fix: rename the repository",
          "  - keepReleaseImages: 0 is not a count of images",
          "    allowed: an integer from 1 to 10000",
          "    fix: set keepReleaseImages to e.g. 30",
          "  - untaggedImageDays: 4000 is not a number of days",
          "    allowed: an integer from 1 to 3650",
          "    fix: set untaggedImageDays to e.g. 7",
          "  - releaseTagPrefixes: [] is not a list of tag prefixes",
          '    allowed: a non-empty list of prefixes such as "v"',
          '    fix: set releaseTagPrefixes to ["v"]',
          '  - keyAliasName: "aws/ecr" is not a KMS alias name',
          "    allowed: 1 to 250 letters, digits, '/', '_' and '-', without the alias/ prefix and not starting with aws/",
          '    fix: name the key after its owner, e.g. "team-a-ecr"',
        ].join("\n"),
      );
    });

    test("no repository at all is refused", () => {
      expect(() => synth({ repositories: [] })).toThrow(/repositories: \[\] is empty/);
    });
  });

  test("concrete props keep the lifecycle policy as the JSON text written by the construct", () => {
    const json = JSON.parse(synth({})) as { resource: Record<string, Record<string, { policy?: string }>> };
    const policy = Object.values(json.resource.aws_ecr_lifecycle_policy)[0].policy!;
    expect(JSON.parse(policy).rules[1]).toMatchObject({ description: "Keep the last 30 release images", selection: { tagPrefixList: ["v"], countNumber: 30 } });
  });
});
