/** The library: importing this registers every family in the one table. */
import "./logic.js";
import "./number.js";
import "./text.js";
import "./date.js";
import "./people.js";
import "./list.js";
export { FUNCTIONS, type FnDef } from "./registry.js";
