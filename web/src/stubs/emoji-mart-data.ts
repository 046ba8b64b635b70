/** Stands in for `@emoji-mart/data` (433 KB; web/vite.config.ts aliases it here, see ./emoji-mart.ts): no emoji. */
const data = { categories: [] as never[], emojis: {} as Record<string, never> };
export default data;
