/**
 * Checks an environment against what AWS, EKS, Kubernetes, Atlas and the chart repositories
 * accept, so that a value they would refuse at apply is refused before synth, in config terms:
 * each problem names the config path, the value, what is offered (with the data file it comes
 * from, data/aws/) and the fix. The section validators (lib/validate*.ts) check shapes and
 * policies; these check offerings and service rules. docs/configuration-checks.md lists them.
 *
 * Every check reads the config loosely (a section may be missing in a JavaScript config) and
 * skips values another validator already reports, so a value gets one problem, not two; a problem
 * for a path and value that already has one (e.g. a chart version lib/validate-platform.ts
 * cannot match with the cluster) is left out for the same reason.
 */
import { EnvironmentConfig } from "../config";
import { ConfigProblem, renderValue } from "../errors";
import { Problems } from "../problems";
import { checkAtlas } from "./atlas";
import { checkAddonVersions, checkChartVersions, checkLabelsAndTaints, checkLimitRanges } from "./cluster";
import { checkNodeGroupInstanceTypes } from "./compute";
import { checkPostgres, checkRedis } from "./databases";
import { checkDuplicateRuleCidrs, checkNatNoneWithCluster } from "./network";
import { checkTags } from "./tags";

export function validateOfferings(problems: Problems, env: EnvironmentConfig): void {
  if (env === null || typeof env !== "object") {
    return;
  }
  const found = new Problems();
  checkTags(found, env);
  checkNatNoneWithCluster(found, env);
  checkNodeGroupInstanceTypes(found, env);
  checkLabelsAndTaints(found, env);
  checkDuplicateRuleCidrs(found, env);
  checkAddonVersions(found, env);
  checkChartVersions(found, env);
  checkLimitRanges(found, env);
  checkPostgres(found, env);
  checkRedis(found, env);
  checkAtlas(found, env);
  const reported = new Set(problems.list.map(identity));
  for (const p of found.list) {
    if (!reported.has(identity(p))) {
      problems.add(p.path, p.value, p.problem, p.allowed, p.fix);
    }
  }
}

/** A problem's path and value: what "already reported" compares. */
function identity(p: ConfigProblem): string {
  return `${p.path}\u0000${renderValue(p.value)}`;
}
