/** How amounts, counts and unit prices are written in the report (en-US, USD). */

export const round2 = (x: number): number => Math.round(x * 100) / 100;
export const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** `$1,234.50`. */
export const usd = (x: number): string => `$${round2(x).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** `1,234.50`. */
export const amount = (x: number): string => round2(x).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** `1,234.5`: up to three decimals. */
export const count = (n: number): string => n.toLocaleString("en-US", { maximumFractionDigits: 3 });

/** A unit price with the digits it has, at least two decimals, never in exponent form. */
export function rate(v: number): string {
  let s = String(Number(v.toPrecision(6)));
  if (s.includes("e")) s = v.toFixed(12).replace(/0+$/, "");
  const decimals = s.includes(".") ? s.split(".")[1].length : 0;
  if (decimals < 2) s = v.toFixed(2);
  return `$${s}`;
}

/** `1 key`, `2 keys`, `3 repositories` (with `words`). */
export const plural = (n: number, word: string, words?: string): string => `${count(n)} ${n === 1 ? word : words || `${word}s`}`;

/** `12.00`, or `12.00 .. 30.00` when the ends differ in cents. */
export const range = (low: number, high: number): string => (round2(low) === round2(high) ? amount(low) : `${amount(low)} .. ${amount(high)}`);

/** `$12.00`, or `$12.00 .. $30.00`. */
export const usdRange = (low: number, high: number): string => (round2(low) === round2(high) ? usd(low) : `${usd(low)} .. ${usd(high)}`);

/** `+12.00`, `-3.50`, or `+1.00 .. +5.00`. */
export function signedRange(low: number, high: number): string {
  const s = (x: number): string => `${x >= 0 ? "+" : "-"}${amount(Math.abs(x))}`;
  return round2(low) === round2(high) ? s(low) : `${s(low)} .. ${s(high)}`;
}
