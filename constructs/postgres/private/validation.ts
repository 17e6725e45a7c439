/** AWS name rules of PostgresDatabase props (the collector and windows are in lib/). */

/**
 * An RDS identifier (instance, subnet group, parameter group, snapshot): a lower-case letter
 * first, then lower-case letters, digits and single hyphens, no hyphen at the end. RDS stores
 * identifiers in lower case, so upper case would show as a permanent diff.
 */
export function isRdsIdentifier(value: string, maxLength: number): boolean {
  return value.length <= maxLength && /^[a-z](?:[a-z0-9]|-(?!-))*$/.test(value) && !value.endsWith("-");
}

/** A PostgreSQL identifier RDS accepts for a database or user name: a letter, then letters, digits, `_`; 1 to 63. */
export function isPostgresName(value: string): boolean {
  return /^[A-Za-z][A-Za-z0-9_]{0,62}$/.test(value);
}
