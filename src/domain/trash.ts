import type { NodeRow } from "../storage/types.js";

/** Whether the node is in the trash, itself or through an ancestor. */
export const isTrashed = (node: NodeRow): boolean => node.in_trash || node.inherited_trash === true;
