/**
 * Arithmetic and text on prop values that may be Terraform expressions (tokens) rather than
 * numbers: the app always passes concrete values and gets the same plain numbers and strings as
 * before; the module generator (tools/modules) passes `var.*` / `each.value.*` tokens, which a
 * JavaScript `*` or template literal would corrupt (a number token is an encoded double).
 */
import { Fn, Op, Token } from "cdktf";

/** `n * factor`, as a Terraform multiplication when `n` is known only at plan time. */
export function times(n: number, factor: number): number {
  return Token.isUnresolved(n) ? Token.asNumber(Op.mul(n, factor)) : n * factor;
}

/** A number as text for names and descriptions, as a Terraform interpolation when it is a token. */
export function numberText(n: number): string {
  return Token.isUnresolved(n) ? Token.asString(n) : String(n);
}

/** Whether every value is known now (none is a token): rules between values can be checked here. */
export function known(...values: readonly unknown[]): boolean {
  return values.every((v) => !Token.isUnresolved(v));
}

/** The strings of a list joined by `separator`, as Terraform's `join` when the list is a token. */
export function joinText(separator: string, list: readonly string[]): string {
  return Token.isUnresolved(list) ? Fn.join(separator, [...list]) : list.join(separator);
}

/** `value === literal`, as a Terraform comparison when `value` is known only at plan time. */
export function equals(value: string, literal: string): boolean {
  return Token.isUnresolved(value) ? (Token.asAny(Op.eq(value, literal)) as unknown as boolean) : value === literal;
}
