/** The PostgreSQL adapter's public face: open a store, describe a URL, the start-up error. */
export { openPostgresStore, type PostgresOptions } from "./store.js";
export { DatabaseUnavailable, describeDatabaseUrl } from "./pool.js";
export { PG_MIGRATIONS } from "./schema.js";
export { migrate } from "./migrate.js";
