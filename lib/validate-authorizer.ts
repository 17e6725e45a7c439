/**
 * Validates `serverless.authorizer` (the optional JWT authorizer on the API's routes), called by
 * the serverless section's validator in lib/validate.ts.
 */
import type { JwtAuthorizerConfig } from "./types/edge";
import { Problems, isText, listAt, section } from "./problems";
import { known } from "./token-values";

/**
 * An issuer URL: https, a host, an optional port and path; no query or fragment. A trailing slash
 * is allowed: some providers' iss claims end with one (API Gateway compares the claim exactly).
 */
const ISSUER = /^https:\/\/[A-Za-z0-9.-]+(:\d{1,5})?(\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*)?$/;
/** `$request.header.<Name>` (an HTTP header token) or `$request.querystring.<name>`. */
const IDENTITY_SOURCE = /^\$request\.(header\.[A-Za-z0-9!#$%&'*+.^_`|~-]+|querystring\.[A-Za-z0-9._~-]+)$/;

const ISSUER_ALLOWED = "an https:// URL with no query or fragment, exactly the tokens' iss claim (e.g. https://cognito-idp.<region>.amazonaws.com/<user pool id>)";
const AUDIENCES_ALLOWED = "a non-empty list of distinct, non-empty client IDs (the tokens' aud claim)";
const IDENTITY_SOURCE_ALLOWED = "$request.header.<Name> or $request.querystring.<name>";

export function validateJwtAuthorizer(problems: Problems, base: string, value: JwtAuthorizerConfig | undefined): void {
  const a = section(problems, base, value, { allowed: "a JwtAuthorizerConfig { issuer, audiences, identitySource? }", fix: `remove ${base} for open routes`, optional: true });
  if (!a) {
    return;
  }
  if (isText(problems, `${base}.issuer`, a.issuer, { allowed: ISSUER_ALLOWED, fix: `set ${base}.issuer to the token issuer's URL` }) && known(a.issuer) && !ISSUER.test(a.issuer)) {
    const problem = !a.issuer.startsWith("https://")
      ? "is not an https:// URL"
      : /[?#]/.test(a.issuer)
        ? "has a query or fragment"
        : "is not an issuer URL";
    problems.add(`${base}.issuer`, a.issuer, problem, ISSUER_ALLOWED, `set ${base}.issuer to the iss claim of the tokens, as the identity provider's /.well-known/openid-configuration lists it`);
  }
  const audiences = listAt(problems, `${base}.audiences`, a.audiences, { allowed: AUDIENCES_ALLOWED, fix: `set ${base}.audiences to the app client IDs the tokens are issued for` });
  // A Terraform expression (the generated module) is checked by the module's validation blocks.
  if (audiences && known(audiences)) {
    if (audiences.length === 0) {
      problems.add(`${base}.audiences`, audiences, "is empty, so no token would be accepted", AUDIENCES_ALLOWED, `list the app client IDs in ${base}.audiences`);
    }
    audiences.forEach((aud, i) => {
      if (typeof aud !== "string" || aud.trim() === "") {
        problems.add(`${base}.audiences[${i}]`, aud, typeof aud === "string" ? "is empty" : "is not a string", AUDIENCES_ALLOWED, `remove ${base}.audiences[${i}] or set it to a client ID`);
      } else if (audiences.indexOf(aud) !== i) {
        problems.add(`${base}.audiences[${i}]`, aud, `repeats ${base}.audiences[${audiences.indexOf(aud)}]`, AUDIENCES_ALLOWED, `remove ${base}.audiences[${i}]`);
      }
    });
  }
  if (isText(problems, `${base}.identitySource`, a.identitySource, { allowed: IDENTITY_SOURCE_ALLOWED, fix: `remove ${base}.identitySource for $request.header.Authorization`, optional: true }) && known(a.identitySource) && !IDENTITY_SOURCE.test(a.identitySource)) {
    problems.add(`${base}.identitySource`, a.identitySource, "is not where a JWT authorizer can read a token", IDENTITY_SOURCE_ALLOWED, `remove ${base}.identitySource for "$request.header.Authorization"`);
  }
}
