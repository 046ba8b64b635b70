/** A start that cannot go ahead (a flag that contradicts the data, a port in use): one clear sentence. */
export class StartupError extends Error {}
