/**
 * Sign-in's numbers in one place (docs/ARCHITECTURE.md "Sign-in"): how long a session lives, how
 * often its use is recorded, how many sign-in attempts an email and an address get.
 */

/** A session unused this long is over (8 hours: a working day). */
export const SESSION_IDLE_MS = 8 * 60 * 60 * 1000;
/** A session is over this long after it started, however used (7 days); the cookie's Max-Age too. */
export const SESSION_ABSOLUTE_MS = 7 * 24 * 60 * 60 * 1000;
/** A session's use is written at most this often (a write per request would be a write per page view). */
export const SESSION_TOUCH_MS = 60 * 1000;

/** The window sign-in attempts are counted in (15 minutes). */
export const ATTEMPT_WINDOW_MS = 15 * 60 * 1000;
/** Failed sign-ins one email may have in a window, whether or not it has an account (a success clears the count). */
export const FAILURES_PER_EMAIL = 5;
/** Sign-in attempts one client address may make in a window, whatever their outcome and emails. */
export const ATTEMPTS_PER_ADDRESS = 30;
