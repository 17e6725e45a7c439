/**
 * Places every resource and data source under a construct on one provider: how a construct built
 * for the default provider (an EncryptionKey) is created in another region, e.g. the us-east-1
 * provider CloudFront's global resources (WAF scope CLOUDFRONT, their logs, their certificates) need.
 */
import { IConstruct } from "constructs";
import { TerraformDataSource, TerraformProvider, TerraformResource } from "cdktf";

export function placeOn<T extends IConstruct>(scope: T, provider: TerraformProvider | undefined): T {
  if (provider === undefined) {
    return scope;
  }
  for (const node of scope.node.findAll()) {
    if (node instanceof TerraformResource || node instanceof TerraformDataSource) {
      node.provider = provider;
    }
  }
  return scope;
}
