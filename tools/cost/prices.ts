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
  /** Nobody has re-read the page since `as_of`. @default false */
  readonly verify?: boolean;
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
  const prices: Record<string, Price> = {};
  for (const [id, raw] of Object.entries(data.prices)) {
    const p: JsonObject = isJsonObject(raw) ? raw : {};
    for (const field of ["value", "unit", "source", "as_of"]) {
      if (p[field] === undefined) {
        throw new PriceFileError(`${label}: price ${id} has no ${field}`);
      }
    }
    const value = p.value;
    if (typeof value !== "number" || !(value >= 0)) {
      throw new PriceFileError(`${label}: price ${id} has value ${JSON.stringify(value)}, not a number >= 0`);
    }
    prices[id] = {
      value,
      unit: String(p.unit),
      source: String(p.source),
      as_of: String(p.as_of),
      ...(typeof p.confidence === "string" ? { confidence: p.confidence } : {}),
      ...(p.verify ? { verify: true } : {}),
    };
  }
  const noCharge = isJsonObject(data.no_charge) ? data.no_charge.types : undefined;
  if (!isJsonObject(noCharge)) throw new PriceFileError(`${label}: no_charge.types is missing; expected an object of resource types that cost nothing`);
  const noChargeTypes: Record<string, string> = {};
  for (const [type, why] of Object.entries(noCharge)) if (why) noChargeTypes[type] = String(why);
  if (typeof data.region !== "string" || typeof data.location !== "string") {
    throw new PriceFileError(`${label}: region and location must name the region (e.g. "ap-southeast-2", "Asia Pacific (Sydney)")`);
  }
  return { region: data.region, location: data.location, prices, noChargeTypes };
}
