/**
 * The data files of data/aws/, typed: what AWS, EKS, Atlas and the chart repositories offer, each
 * with the source it was read from and the day (`as_of`). Three are generated from the AWS API
 * models by tools/refresh-aws-data.ts; the others are reviewed allow-lists. See
 * docs/configuration-checks.md for how each is refreshed.
 *
 * The files are imported (not read at run time), so the compiled app carries them and a
 * malformed file fails the build rather than a synth.
 */
import atlasTiersJson from "../../data/aws/atlas-tiers.json";
import awsApiRulesJson from "../../data/aws/aws-api-rules.json";
import ec2InstanceTypesJson from "../../data/aws/ec2-instance-types.json";
import eksAddonVersionsJson from "../../data/aws/eks-addon-versions.json";
import elastiCacheEngineVersionsJson from "../../data/aws/elasticache-engine-versions.json";
import elastiCacheNodeTypesJson from "../../data/aws/elasticache-node-types.json";
import helmChartVersionsJson from "../../data/aws/helm-chart-versions.json";
import rdsPostgresEngineVersionsJson from "../../data/aws/rds-postgres-engine-versions.json";
import rdsPostgresInstanceClassesJson from "../../data/aws/rds-postgres-instance-classes.json";

/** What every data file holds besides its values. */
export interface DataFileHeader {
  /** Where the values come from: URLs, or `package@version file`. */
  readonly source: string | readonly string[];
  /** The day the values were read, `YYYY-MM-DD`. */
  readonly as_of: string;
  /** The script that writes the file, for generated files. */
  readonly generated_by?: string;
  readonly about?: readonly string[];
}

export interface DataFile<T> extends DataFileHeader {
  readonly values: T;
}

/** A string's length limits (and pattern) as an API model declares them. */
export interface StringLimits {
  readonly min: number;
  readonly max: number;
  readonly pattern?: string;
}

export interface AwsApiRules {
  readonly iamTags: { readonly key: StringLimits; readonly value: StringLimits; readonly maxPerResource: number };
  readonly eksNodeGroups: {
    readonly labelKey: StringLimits;
    readonly labelValue: StringLimits;
    readonly taintKey: StringLimits;
    readonly taintValue: StringLimits;
    readonly taintEffects: readonly string[];
    readonly capacityTypes: readonly string[];
  };
  readonly rdsEngines: readonly string[];
}

export interface ElastiCacheNodeTypes {
  readonly currentGeneration: readonly string[];
  readonly previousGeneration: readonly string[];
  readonly engines: readonly string[];
  readonly parameterGroupFamilies: readonly string[];
}

export interface EngineVersion {
  readonly version: string;
  readonly family: string;
}

export interface PostgresMajor {
  readonly family: string;
  /** After this day RDS runs (and creates) the major in Extended Support, at extra cost. */
  readonly standardSupportEnds: string;
  /** After this day RDS no longer runs the major at all. */
  readonly extendedSupportEnds?: string;
  /** Minor versions RDS creates new instances with (none listed: give the major only). */
  readonly minors: readonly string[];
}

export interface AtlasTier {
  readonly name: string;
  readonly maxDiskGb: number;
  /** AWS regions (AWS spelling) where Atlas does not offer the tier. */
  readonly unavailableRegions?: readonly string[];
}

export interface AtlasOfferings {
  readonly tiers: readonly AtlasTier[];
  /** Tiers Atlas offers on other clouds but not on AWS, with what AWS offers instead. */
  readonly notOfferedOnAws: Readonly<Record<string, string>>;
  readonly mongoDbMajorVersions: readonly string[];
}

/** Add-on versions by Kubernetes minor, then by EKS add-on name. */
export type EksAddonVersions = Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;

export interface HelmChart {
  /** The key of `platform.apps.charts` the chart is configured under. */
  readonly configKey: string;
  readonly repository: string;
  readonly versions: readonly string[];
}

/** File names, for messages: `data/aws/<file>`. */
export const DATA_FILES = {
  ec2InstanceTypes: "data/aws/ec2-instance-types.json",
  awsApiRules: "data/aws/aws-api-rules.json",
  rdsInstanceClasses: "data/aws/rds-postgres-instance-classes.json",
  rdsEngineVersions: "data/aws/rds-postgres-engine-versions.json",
  elastiCacheNodeTypes: "data/aws/elasticache-node-types.json",
  elastiCacheEngineVersions: "data/aws/elasticache-engine-versions.json",
  atlasTiers: "data/aws/atlas-tiers.json",
  eksAddonVersions: "data/aws/eks-addon-versions.json",
  helmChartVersions: "data/aws/helm-chart-versions.json",
} as const;

export const EC2_INSTANCE_TYPES = ec2InstanceTypesJson as DataFile<readonly string[]>;
export const AWS_API_RULES = awsApiRulesJson as DataFile<AwsApiRules>;
export const RDS_POSTGRES_INSTANCE_CLASSES = rdsPostgresInstanceClassesJson as DataFile<readonly string[]>;
export const RDS_POSTGRES_ENGINE_VERSIONS = rdsPostgresEngineVersionsJson as DataFile<Readonly<Record<string, PostgresMajor>>>;
export const ELASTICACHE_NODE_TYPES = elastiCacheNodeTypesJson as DataFile<ElastiCacheNodeTypes>;
export const ELASTICACHE_ENGINE_VERSIONS = elastiCacheEngineVersionsJson as DataFile<Readonly<Record<string, readonly EngineVersion[]>>>;
export const ATLAS_TIERS = atlasTiersJson as unknown as DataFile<AtlasOfferings>;
export const EKS_ADDON_VERSIONS = eksAddonVersionsJson as DataFile<EksAddonVersions>;
export const HELM_CHART_VERSIONS = helmChartVersionsJson as DataFile<Readonly<Record<string, HelmChart>>>;

/** Every data file by its path, for the checks that each is well-formed. */
export const ALL_DATA_FILES: Readonly<Record<string, DataFile<unknown>>> = {
  [DATA_FILES.ec2InstanceTypes]: EC2_INSTANCE_TYPES,
  [DATA_FILES.awsApiRules]: AWS_API_RULES,
  [DATA_FILES.rdsInstanceClasses]: RDS_POSTGRES_INSTANCE_CLASSES,
  [DATA_FILES.rdsEngineVersions]: RDS_POSTGRES_ENGINE_VERSIONS,
  [DATA_FILES.elastiCacheNodeTypes]: ELASTICACHE_NODE_TYPES,
  [DATA_FILES.elastiCacheEngineVersions]: ELASTICACHE_ENGINE_VERSIONS,
  [DATA_FILES.atlasTiers]: ATLAS_TIERS,
  [DATA_FILES.eksAddonVersions]: EKS_ADDON_VERSIONS,
  [DATA_FILES.helmChartVersions]: HELM_CHART_VERSIONS,
};
