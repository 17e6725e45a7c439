import { Testing } from "cdktf";
// Brings the type declarations of cdktf's matchers into scope for every test file.
import "cdktf/lib/testing/adapters/jest";

// Registers cdktf's matchers (toHaveResource, toHaveResourceWithProperties, ...).
Testing.setupJest();

/**
 * cdktf records a full stack trace for every token it creates (`Error.captureStackTrace` on a
 * plain object), and jest's source-map support would map every frame of each through the
 * packages' inline source maps: over a third of the time of a synthesizing test. Those captures
 * are never shown; real errors (instances of Error) are still mapped as before.
 */
const mapStackTrace = Error.prepareStackTrace;
if (mapStackTrace) {
  Error.prepareStackTrace = (error, frames) =>
    error instanceof Error ? mapStackTrace(error, frames) : `${String(error)}${frames.map((frame) => `\n    at ${frame}`).join("")}`;
}
