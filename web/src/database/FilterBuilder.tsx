/**
 * The filter and sort builders of a view: rules and groups over every property type's conditions
 * (filter-model.ts), and property sorts. Saving hands the JSON to the view (`PATCH /v1/views/:id`),
 * which checks it with the query grammar; its refusal is shown here.
 */
import { useState } from "react";
import type { Json } from "../api";
import { useDbContext } from "./db-context";
import { errorText, type Prop } from "./model";
import { FILTERABLE, OPERATORS, RELATIVE_DATES, ROLLUP_ITEMS, countConds, fromJson, kindOf, newCond, toJson, valueless, type Cond, type Group, type Node } from "./filter-model";

/** Nested groups allowed inside the top group (the API's two levels of compound filters). */
const MAX_GROUP_DEPTH = 1;

export function FilterBuilder({ props, filter, onSave, onClose }: { props: Prop[]; filter: Json | null; onSave: (filter: Json | null) => Promise<void>; onClose: () => void }) {
  const [tree, setTree] = useState<Group>(() => fromJson(filter));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const usable = props.filter(FILTERABLE);
  const save = async (next: Group) => {
    setBusy(true);
    setError(null);
    try {
      await onSave(toJson(next));
      onClose();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="db-builder">
      <GroupEditor group={tree} depth={0} props={usable} onChange={setTree} />
      {error && (
        <p role="alert" className="db-error">
          {error}
        </p>
      )}
      <div className="db-actions">
        <button type="button" className="db-primary" disabled={busy} onClick={() => void save(tree)}>
          Save filters
        </button>
        {countConds(tree) > 0 && (
          <button type="button" disabled={busy} onClick={() => void save({ kind: "group", op: "and", children: [] })}>
            Delete all filters
          </button>
        )}
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </div>
  );
}

function GroupEditor({ group, depth, props, onChange }: { group: Group; depth: number; props: Prop[]; onChange: (g: Group) => void }) {
  const set = (i: number, n: Node) => onChange({ ...group, children: group.children.map((c, j) => (j === i ? n : c)) });
  const remove = (i: number) => onChange({ ...group, children: group.children.filter((_, j) => j !== i) });
  const add = (n: Node) => onChange({ ...group, children: [...group.children, n] });
  return (
    <div className={`db-filter-group depth-${depth}`} role="group" aria-label={depth === 0 ? "Filters" : "Filter group"}>
      {group.children.length === 0 && <p className="muted">No filters applied to this view.</p>}
      <ol className="db-filter-rules">
        {group.children.map((child, i) => (
          <li key={i} className="db-filter-rule" aria-label={`Rule ${i + 1}`}>
            <span className="db-filter-connector">
              {i === 0 ? (
                "Where"
              ) : i === 1 ? (
                <select aria-label="Combine rules with" value={group.op} onChange={(e) => onChange({ ...group, op: e.target.value as "and" | "or" })}>
                  <option value="and">And</option>
                  <option value="or">Or</option>
                </select>
              ) : group.op === "and" ? (
                "And"
              ) : (
                "Or"
              )}
            </span>
            {child.kind === "group" ? (
              <GroupEditor group={child} depth={depth + 1} props={props} onChange={(g) => set(i, g)} />
            ) : child.kind === "cond" ? (
              <CondEditor cond={child} props={props} onChange={(c) => set(i, c)} />
            ) : (
              <code className="db-filter-raw">{JSON.stringify(child.json)}</code>
            )}
            <button type="button" className="db-icon-button" aria-label={`Remove rule ${i + 1}`} onClick={() => remove(i)}>
              <span aria-hidden="true">×</span>
            </button>
          </li>
        ))}
      </ol>
      <div className="db-actions">
        <button type="button" disabled={!props.length} onClick={() => add(newCond(props[0]))}>
          + Add filter rule
        </button>
        {depth < MAX_GROUP_DEPTH && (
          <button type="button" disabled={!props.length} onClick={() => add({ kind: "group", op: "and", children: [newCond(props[0])] })}>
            + Add filter group
          </button>
        )}
      </div>
    </div>
  );
}

/** One condition's editors: its property (unless `fixed`, as a quick filter's is), its operator, its value. */
export function CondEditor({ cond, props, onChange, fixed }: { cond: Cond; props: Prop[]; onChange: (c: Cond) => void; fixed?: boolean }) {
  const prop = props.find((p) => p.name === cond.property);
  const kind = kindOf(cond.key, cond.sub);
  const ops = OPERATORS[kind];
  const setSub = (sub: string) => {
    const k = kindOf(cond.key, sub);
    onChange({ ...cond, sub, op: OPERATORS[k][0][0], value: k === "checkbox" ? true : "" });
  };
  return (
    <span className="db-filter-cond">
      {!fixed && (
        <select
          aria-label="Property"
          value={cond.property}
          onChange={(e) => {
            const p = props.find((x) => x.name === e.target.value);
            if (p) onChange(newCond(p));
          }}
        >
          {!prop && <option value={cond.property}>{cond.property}</option>}
          {props.map((p) => (
            <option key={p.id} value={p.name}>
              {p.name}
            </option>
          ))}
        </select>
      )}
      {cond.key === "formula" && (
        <select aria-label="Formula result" value={cond.sub ?? "string"} onChange={(e) => setSub(e.target.value)}>
          <option value="string">Text</option>
          <option value="number">Number</option>
          <option value="checkbox">Checkbox</option>
          <option value="date">Date</option>
        </select>
      )}
      {cond.key === "rollup" && <RollupSub sub={cond.sub ?? "number"} onChange={setSub} />}
      <select aria-label="Condition" value={cond.op} onChange={(e) => onChange({ ...cond, op: e.target.value, value: valueless(e.target.value) ? "" : cond.value })}>
        {ops.map(([op, label]) => (
          <option key={op} value={op}>
            {label}
          </option>
        ))}
      </select>
      {!valueless(cond.op) && <ValueInput cond={cond} prop={prop} onChange={(value) => onChange({ ...cond, value })} />}
    </span>
  );
}

function RollupSub({ sub, onChange }: { sub: string; onChange: (s: string) => void }) {
  const [q, item] = sub.split(".");
  return (
    <>
      <select aria-label="Rollup match" value={q} onChange={(e) => onChange(e.target.value === "number" || e.target.value === "date" ? e.target.value : `${e.target.value}.${item ?? "rich_text"}`)}>
        <option value="number">Number result</option>
        <option value="date">Date result</option>
        <option value="any">Any item</option>
        <option value="every">Every item</option>
        <option value="none">No item</option>
      </select>
      {item && (
        <select aria-label="Rollup item type" value={item} onChange={(e) => onChange(`${q}.${e.target.value}`)}>
          {ROLLUP_ITEMS.map((t) => (
            <option key={t} value={t}>
              {t.replace("_", " ")}
            </option>
          ))}
        </select>
      )}
    </>
  );
}

function ValueInput({ cond, prop, onChange }: { cond: Cond; prop: Prop | undefined; onChange: (v: unknown) => void }) {
  const { people } = useDbContext();
  const kind = kindOf(cond.key, cond.sub);
  const value = cond.value;
  const text = typeof value === "string" || typeof value === "number" ? String(value) : "";
  const options: Json[] = cond.key === "select" || cond.key === "status" || cond.key === "multi_select" ? (prop?.config.options ?? []) : [];
  switch (kind) {
    case "checkbox":
      return (
        <select aria-label="Value" value={value === false || value === "false" ? "false" : "true"} onChange={(e) => onChange(e.target.value === "true")}>
          <option value="true">Checked</option>
          <option value="false">Unchecked</option>
        </select>
      );
    case "verification":
      return (
        <select aria-label="Value" value={text || "verified"} onChange={(e) => onChange(e.target.value)}>
          <option value="verified">Verified</option>
          <option value="expired">Expired</option>
          <option value="none">Not verified</option>
        </select>
      );
    case "option":
    case "multi":
      if (options.length)
        return (
          <select aria-label="Value" value={text} onChange={(e) => onChange(e.target.value)}>
            <option value="">Select an option</option>
            {options.map((o) => (
              <option key={o.id ?? o.name} value={o.name}>
                {o.name}
              </option>
            ))}
          </select>
        );
      return <input aria-label="Value" value={text} onChange={(e) => onChange(e.target.value)} placeholder="Option name" />;
    case "people":
      return (
        <select aria-label="Value" value={text} onChange={(e) => onChange(e.target.value)}>
          <option value="">Select a person</option>
          <option value="me">Me</option>
          {people.map((u) => (
            <option key={u.id} value={u.id}>
              {u.name}
            </option>
          ))}
        </select>
      );
    case "date":
      return <DateValue value={text} onChange={onChange} />;
    case "number":
      return <input aria-label="Value" type="number" step="any" value={text} onChange={(e) => onChange(e.target.value)} />;
    case "relation":
      return <input aria-label="Value" value={text} onChange={(e) => onChange(e.target.value)} placeholder="Page ID" />;
    default:
      return <input aria-label="Value" value={text} onChange={(e) => onChange(e.target.value)} placeholder="Type a value…" />;
  }
}

function DateValue({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  const relative = RELATIVE_DATES.some(([t]) => t === value);
  return (
    <>
      <select aria-label="Date" value={relative ? value : "exact"} onChange={(e) => onChange(e.target.value === "exact" ? "" : e.target.value)}>
        <option value="exact">Exact date</option>
        {RELATIVE_DATES.map(([t, label]) => (
          <option key={t} value={t}>
            {label}
          </option>
        ))}
      </select>
      {!relative && <input aria-label="Value" type="date" value={value} onChange={(e) => onChange(e.target.value)} />}
    </>
  );
}

/** The sorts of a view: properties in order, each ascending or descending. */
export function SortBuilder({ props, sorts, onSave, onClose }: { props: Prop[]; sorts: Json[] | null; onSave: (sorts: Json[] | null) => Promise<void>; onClose: () => void }) {
  const [list, setList] = useState<{ property: string; direction: string }[]>(() => (sorts ?? []).filter((s) => typeof s.property === "string").map((s) => ({ property: s.property, direction: s.direction ?? "ascending" })));
  const [error, setError] = useState<string | null>(null);
  const usable = props.filter(FILTERABLE);
  const unused = usable.filter((p) => !list.some((s) => s.property === p.name));
  const set = (i: number, s: { property: string; direction: string }) => setList(list.map((x, j) => (j === i ? s : x)));
  const save = async (next: typeof list) => {
    setError(null);
    try {
      await onSave(next.length ? next : null);
      onClose();
    } catch (e) {
      setError(errorText(e));
    }
  };
  return (
    <div className="db-builder">
      {list.length === 0 && <p className="muted">No sorts applied to this view.</p>}
      <ol className="db-filter-rules">
        {list.map((s, i) => (
          <li key={i} className="db-filter-rule" aria-label={`Sort ${i + 1}`}>
            <select aria-label="Sort by" value={s.property} onChange={(e) => set(i, { ...s, property: e.target.value })}>
              {usable.map((p) => (
                <option key={p.id} value={p.name}>
                  {p.name}
                </option>
              ))}
            </select>
            <select aria-label="Direction" value={s.direction} onChange={(e) => set(i, { ...s, direction: e.target.value })}>
              <option value="ascending">Ascending</option>
              <option value="descending">Descending</option>
            </select>
            <button type="button" className="db-icon-button" aria-label={`Move sort ${i + 1} up`} disabled={i === 0} onClick={() => setList([...list.slice(0, i - 1), s, list[i - 1], ...list.slice(i + 1)])}>
              <span aria-hidden="true">↑</span>
            </button>
            <button type="button" className="db-icon-button" aria-label={`Remove sort ${i + 1}`} onClick={() => setList(list.filter((_, j) => j !== i))}>
              <span aria-hidden="true">×</span>
            </button>
          </li>
        ))}
      </ol>
      {error && (
        <p role="alert" className="db-error">
          {error}
        </p>
      )}
      <div className="db-actions">
        <button type="button" disabled={!unused.length} onClick={() => setList([...list, { property: unused[0].name, direction: "ascending" }])}>
          + Add sort
        </button>
        <button type="button" className="db-primary" onClick={() => void save(list)}>
          Save sorts
        </button>
        <button type="button" onClick={onClose}>
          Cancel
        </button>
      </div>
    </div>
  );
}
