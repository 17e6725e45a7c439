/** ElastiCache name rules of RedisCache props (the collector and windows are in lib/). */

/**
 * An ElastiCache identifier (replication group, user, user group, parameter and subnet group):
 * a lower-case letter first, then lower-case letters, digits and single hyphens, no hyphen at the
 * end. ElastiCache stores them in lower case; IAM authentication needs the user's id and name
 * equal, so upper case would break it.
 */
export function isElasticacheIdentifier(value: string, maxLength: number): boolean {
  return value.length <= maxLength && /^[a-z](?:[a-z0-9]|-(?!-))*$/.test(value) && !value.endsWith("-");
}
