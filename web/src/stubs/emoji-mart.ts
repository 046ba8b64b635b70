/**
 * Stands in for `emoji-mart` (web/vite.config.ts aliases it here): BlockNote imports it only for
 * the `:` emoji picker, which the app turns off. If anything ever asked, it finds no emoji.
 */
const emojiMart = {
  init: async (_options: unknown) => undefined,
  SearchIndex: { search: async (_query: string): Promise<never[]> => [] },
};
export default emojiMart;
