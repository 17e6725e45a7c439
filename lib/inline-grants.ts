/**
 * Bookkeeping of intent methods that grant a role access through an inline policy: a repeated
 * grant of the same thing to the same role returns the policy it already made, and construct ids
 * stay unique when several roles get the same grant (`base`, `base2`, `base3`, ...).
 */
import { Construct } from "constructs";
import { DataAwsIamPolicyDocument, DataAwsIamPolicyDocumentStatement } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";

export class InlineGrants {
  private readonly byRole = new Map<IamRole, Map<string, IamRolePolicy>>();
  private readonly ids = new Set<string>();

  constructor(private readonly scope: Construct) {}

  /** The policy already made for `signature` on this role, if any. */
  public existing(grantee: IamRole, signature: string): IamRolePolicy | undefined {
    return this.byRole.get(grantee)?.get(signature);
  }

  /** Makes `<id>PolicyDocument` and `<id>Policy` (id from `idBase`) on the role and remembers it. */
  public add(grantee: IamRole, signature: string, idBase: string, name: string, statement: DataAwsIamPolicyDocumentStatement[]): IamRolePolicy {
    let id = idBase;
    for (let n = 2; this.ids.has(id); n++) {
      id = `${idBase}${n}`;
    }
    this.ids.add(id);
    const doc = new DataAwsIamPolicyDocument(this.scope, `${id}PolicyDocument`, { statement });
    const policy = new IamRolePolicy(this.scope, `${id}Policy`, { name, role: grantee.name, policy: doc.json });
    if (!this.byRole.has(grantee)) {
      this.byRole.set(grantee, new Map());
    }
    this.byRole.get(grantee)!.set(signature, policy);
    return policy;
  }
}
