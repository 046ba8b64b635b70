/** The numbers of public integrations' OAuth (docs/design/oauth.md). */

/** An authorization code's life: 10 minutes ("The code is valid for 10 minutes", Notion's Link Preview guide, "Authorization"). */
export const CODE_LIFETIME_MS = 10 * 60 * 1000;
/** Pages one authorization may share at most (Quire's bound; Notion's page picker has none published). */
export const MAX_PICKED_PAGES = 100;
/** Pages of a duplicated template copied at most (blocks, sub-pages included). */
export { COPY_LIMIT as TEMPLATE_COPY_LIMIT } from "../templates/copy.js";
