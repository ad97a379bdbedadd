import type { AccountRegion } from "../../world/account-region.js";
import type { GateContext } from "../../world/world.js";
import type { ActionContext, ActionResult } from "./actions.js";
import { AlibabaError } from "./errors.js";
import { requestDigest } from "./front-state.js";

/**
 * Runs a create through the gate, answering a repeated ClientToken with the first answer (same
 * parameters) or IdempotentParameterMismatch (others). The answer is remembered inside the gate,
 * so a create whose answer was lost ("after" fault) is found again by its retry.
 */
export async function idempotent(
  c: ActionContext,
  fn: (cloud: AccountRegion, gate: GateContext) => ActionResult | Promise<ActionResult>,
  options: { cost?: number } = {},
): Promise<ActionResult> {
  const token = c.params.string("ClientToken");
  if (token === undefined) return c.call(fn, options);
  if (token.length > 64)
    throw new AlibabaError("InvalidClientToken.Malformed", "The specified ClientToken is too long.");
  const key = [c.caller.account, c.region, c.product.name, c.action, token].join("\u0000");
  const digest = requestDigest(c.params.values);
  return c.call(async (cloud, gate) => {
    const now = c.world.clock.now();
    const earlier = c.state.remembered(key, digest, now, c.settings.clientTokenRetentionMs);
    if (earlier.mismatch) {
      throw new AlibabaError(
        "IdempotentParameterMismatch",
        "The specified parameter has changed while using an already used clientToken.",
      );
    }
    if (earlier.result) return earlier.result;
    const result = await fn(cloud, gate);
    c.state.remember(key, digest, result, now);
    return result;
  }, options);
}
