/**
 * The price data file (pricing/<region>.json): every price with its unit, source page, date and
 * confidence, and the resource types that have no charge. Checked when read, so a price with no
 * source or a negative value stops the run before anything is printed.
 */
import * as fs from "fs";
import { isJsonObject, JsonObject, parseJson } from "../lib/json";

/** One price of the data file. */
export interface Price {
  /** USD per `unit`, >= 0. */
  readonly value: number;
  /** What the value is per, e.g. `USD per NAT gateway-hour`. */
  readonly unit: string;
  /** Page the price was read from. */
  readonly source: string;
  /** Month the price is known to have been listed, e.g. `2025-01`. */
  readonly as_of: string;
  /** `high`, `medium` or `low`; `low` marks a line with `~`. @default - not stated */
  readonly confidence?: string;
  /** Nobody has re-read the page since `as_of`: the figure is not backed by a dated source page. @default false */
  readonly verify?: boolean;
  /** `global`: the same price wherever the resource is created (CloudFront, WAF for CloudFront, Route 53, KMS keys). @default - the file's region only */
  readonly scope?: "global";
}

/** The data file as the estimate reads it. */
export interface PriceFile {
  /** AWS region code, e.g. `ap-southeast-2`. */
  readonly region: string;
  /** Its name on the pricing pages, e.g. `Asia Pacific (Sydney)`. */
  readonly location: string;
  /** Prices by id (`vpc.nat_gateway.hour`). */
  readonly prices: Readonly<Record<string, Price>>;
  /** Resource types that cost nothing, with why. */
  readonly noChargeTypes: Readonly<Record<string, string>>;
  /** Prices of other regions (`us-east-1`), by region and id, for resources created there through an aliased provider. @default {} */
  readonly regional?: Readonly<Record<string, Readonly<Record<string, Price>>>>;
}

/** Whether a price rests on a dated source page (it is not marked `verify`). */
export function isSourced(p: Price | undefined): boolean {
  return p !== undefined && !p.verify;
}

/** A problem in the data file: `<file>: <what>`. */
export class PriceFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PriceFileError";
  }
}

/** Reads and checks the data file; `label` names it in messages (the path relative to the repository). */
export function loadPrices(file: string, label: string): PriceFile {
  return checkPrices(parseJson(fs.readFileSync(file, "utf8")), label);
}

/** Checks parsed data-file JSON. */
export function checkPrices(data: unknown, label: string): PriceFile {
  if (!isJsonObject(data) || !isJsonObject(data.prices)) throw new PriceFileError(`${label}: prices is missing; expected an object of prices by id`);
  const prices = checkPriceList(data.prices, label, "");
  const regional: Record<string, Record<string, Price>> = {};
  if (data.regions !== undefined) {
    if (!isJsonObject(data.regions)) throw new PriceFileError(`${label}: regions must be an object of { prices } by region code`);
    for (const [region, raw] of Object.entries(data.regions)) {
      if (!isJsonObject(raw) || !isJsonObject(raw.prices)) throw new PriceFileError(`${label}: regions.${region}.prices is missing; expected an object of prices by id`);
      regional[region] = checkPriceList(raw.prices, label, `regions.${region}.`);
    }
  }
  const noCharge = isJsonObject(data.no_charge) ? data.no_charge.types : undefined;
  if (!isJsonObject(noCharge)) throw new PriceFileError(`${label}: no_charge.types is missing; expected an object of resource types that cost nothing`);
  const noChargeTypes: Record<string, string> = {};
  for (const [type, why] of Object.entries(noCharge)) if (why) noChargeTypes[type] = String(why);
  if (typeof data.region !== "string" || typeof data.location !== "string") {
    throw new PriceFileError(`${label}: region and location must name the region (e.g. "ap-southeast-2", "Asia Pacific (Sydney)")`);
  }
  return { region: data.region, location: data.location, prices, noChargeTypes, regional };
}

/** Checks one object of prices by id; `path` prefixes the id in messages (`regions.us-east-1.`). */
function checkPriceList(list: JsonObject, label: string, path: string): Record<string, Price> {
  const prices: Record<string, Price> = {};
  for (const [id, raw] of Object.entries(list)) {
    const p: JsonObject = isJsonObject(raw) ? raw : {};
    for (const field of ["value", "unit", "source", "as_of"]) {
      if (p[field] === undefined) {
        throw new PriceFileError(`${label}: price ${path}${id} has no ${field}`);
      }
    }
    const value = p.value;
    if (typeof value !== "number" || !(value >= 0)) {
      throw new PriceFileError(`${label}: price ${path}${id} has value ${JSON.stringify(value)}, not a number >= 0`);
    }
    if (p.scope !== undefined && p.scope !== "global") {
      throw new PriceFileError(`${label}: price ${path}${id} has scope ${JSON.stringify(p.scope)}; the only scope is "global" (the same price in every region)`);
    }
    prices[id] = {
      value,
      unit: String(p.unit),
      source: String(p.source),
      as_of: String(p.as_of),
      ...(typeof p.confidence === "string" ? { confidence: p.confidence } : {}),
      ...(p.verify ? { verify: true } : {}),
      ...(p.scope === "global" ? { scope: "global" as const } : {}),
    };
  }
  return prices;
}
