/** People functions: name and email of a person. */
import type { FPerson } from "../values.js";
import { charge, define } from "./registry.js";

define("name", ["(person) -> string", "(list<person>) -> list<string>"], "name(person)", ([p], ctx) =>
  Array.isArray(p) ? (charge(ctx, p.length), p.map((x: FPerson) => x.name)) : ((p as FPerson | null)?.name ?? ""));
define("email", ["(person) -> string", "(list<person>) -> list<string>"], "email(person)", ([p], ctx) =>
  Array.isArray(p) ? (charge(ctx, p.length), p.map((x: FPerson) => x.email)) : ((p as FPerson | null)?.email ?? ""));
