/** `/_quire/v1/clock` (server-wide, admin key): the controlled clock (docs/design/clock-rate-limits-faults.md). */
import type { FastifyInstance } from "fastify";
import type { Deps } from "../domain/context.js";
import { errors } from "../api/errors.js";
import { check } from "../api/validate.js";
import { bodyOf } from "./helpers.js";
import { clockBody } from "./admin-toolkit.schema.js";
import { resetClock, setClock, viewClock } from "../domain/toolkit/clock.js";
import type { Toolkit } from "../domain/toolkit/state.js";

/** The toolkit, which startQuire always makes. */
export function toolkitOf(deps: Deps): Toolkit {
  if (!deps.toolkit) throw errors.internal();
  return deps.toolkit;
}

export function adminClockRoutes(admin: FastifyInstance, deps: Deps): void {
  admin.get("/_quire/v1/clock", async () => viewClock(toolkitOf(deps)));
  admin.put("/_quire/v1/clock", async (req) => {
    const body = check("body", clockBody, bodyOf(req));
    if (body.time === undefined && body.offset === undefined && body.frozen === undefined)
      throw errors.validation("body failed validation: body should have `time`, `offset` or `frozen`.");
    if (body.time !== undefined && body.offset !== undefined) throw errors.validation("body failed validation: give `time` or `offset`, not both.");
    return setClock(toolkitOf(deps), body);
  });
  admin.delete("/_quire/v1/clock", async () => resetClock(toolkitOf(deps)));
}
