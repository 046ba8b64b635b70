/** Quire's programmatic entry point. */
export { startQuire, type QuireOptions, type RunningQuire } from "./server.js";
export { StartupError } from "./domain/admin/seed.js";
export { FrozenClock, systemClock, type Clock } from "./domain/clock.js";
export { randomIds, sequentialIds, type IdGenerator } from "./domain/ids.js";
export { LIMITS } from "./domain/limits.js";
export { ACCEPTED_VERSIONS } from "./http/version.js";
