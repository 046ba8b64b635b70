/**
 * /_quire/v1/users — people and their passwords (registered inside the admin scope):
 * `POST /_quire/v1/users {name, email, avatar_url?, password?, role?}` adds a person (or the person the
 * email already belongs to: src/domain/admin/people.ts), `PATCH /_quire/v1/users/{id} {password}`
 * sets a password (null removes it). Passwords are hashed before the write unit, never answered,
 * never echoed in an error.
 */
import type { FastifyInstance } from "fastify";
import type { ControlScope } from "./admin-scope.js";
import { role } from "./admin-members.js";
import type { Deps } from "../domain/context.js";
import { errors } from "../api/errors.js";
import { check, nullable, object, optional, string, type V } from "../api/validate.js";
import { addPerson, setPassword } from "../domain/admin/people.js";
import { hashPassword, passwordProblem } from "../domain/signin/passwords.js";
import { bodyOf, pathId } from "./helpers.js";

/** A password as the rules take it; a refusal says why without repeating it. */
const password: V<string> = (value, path) => {
  if (typeof value !== "string") throw errors.validation(`${path} should be a string.`);
  const problem = passwordProblem(value, path);
  if (problem) throw errors.validation(problem);
  return value;
};

const name = string({ minLength: 1, maxLength: 200 });
const email = string({ maxLength: 200, check: { test: (s) => /^[^\s@]+@[^\s@]+$/.test(s), expectation: "should be an email address" } });
const createBody = object({ name, email, avatar_url: optional(string({ maxLength: 2000 })), password: optional(password), role: optional(role) });
const updateBody = object({ password: nullable(password) });

/** Registers the people routes under the plugin's prefix (unscoped and per workspace: admin-scope.ts). */
export function adminPeopleRoutes(admin: FastifyInstance, deps: Deps, scope: ControlScope) {
  admin.post("/users", async (req) => {
    const body = check("body", createBody, bodyOf(req));
    const passwordHash = body.password === undefined ? null : await hashPassword(body.password);
    return scope.write(req, (tx, ws) => addPerson(deps, tx, ws, { name: body.name, email: body.email, avatar_url: body.avatar_url, passwordHash, role: body.role }));
  });
  admin.patch("/users/:user_id", async (req) => {
    const id = pathId(req, "user_id");
    const body = check("body", updateBody, bodyOf(req));
    const passwordHash = body.password === null ? null : await hashPassword(body.password);
    return scope.write(req, (tx, ws) => setPassword(deps, tx, ws, id, passwordHash));
  });
}
