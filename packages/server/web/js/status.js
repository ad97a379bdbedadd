// VM statuses (Tumblebug's set) and how the page shows them: a colour and a shape per status, so
// colour is never the only cue (the table and the titles say the status in words too).

export const statuses = [
  { name: "Creating", cls: "st-creating" },
  { name: "Running", cls: "st-running" },
  { name: "Suspending", cls: "st-busy" },
  { name: "Suspended", cls: "st-suspended" },
  { name: "Resuming", cls: "st-busy" },
  { name: "Rebooting", cls: "st-busy" },
  { name: "Terminating", cls: "st-busy" },
  { name: "Terminated", cls: "st-terminated" },
  { name: "Failed", cls: "st-failed" },
  { name: "Undefined", cls: "st-undefined" },
];

const byName = new Map(statuses.map((s) => [s.name, s]));

/** The CSS class of a status (unknown statuses read as Undefined). */
export function statusClass(status) {
  return (byName.get(status) ?? byName.get("Undefined")).cls;
}

/** The legend entries: one per distinct class, named by the statuses sharing it. */
export function legendEntries() {
  const entries = new Map();
  for (const s of statuses) entries.set(s.cls, [...(entries.get(s.cls) ?? []), s.name]);
  return [...entries].map(([cls, names]) => ({ cls, label: names.join(", ") }));
}
