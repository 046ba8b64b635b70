/** Quire's programmatic entry point. */
export { startQuire, type QuireOptions, type RunningQuire } from "./server.js";
export { StartupError } from "./domain/admin/seed.js";
export { FrozenClock, systemClock, type Clock } from "./domain/clock.js";
export { randomIds, sequentialIds, type IdGenerator } from "./api/ids.js";
export { LIMITS } from "./api/limits.js";
export { ACCEPTED_VERSIONS } from "./api/version.js";
