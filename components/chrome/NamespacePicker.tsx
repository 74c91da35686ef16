"use client";

/** Namespace picker: navigates to /?namespace=NS (deep-linkable) or / for every namespace. */
export function NamespacePicker({
  namespace,
  namespaces,
  scope,
  onChange,
}: {
  namespace?: string;
  namespaces: string[];
  scope?: string;
  onChange(ns: string | undefined): void;
}) {
  const all = [...new Set([...namespaces, ...(namespace ? [namespace] : [])])].sort();
  return (
    <label className="picker">
      <span>namespace</span>
      <select value={namespace ?? ""} onChange={(e) => onChange(e.target.value || undefined)} disabled={Boolean(scope)}>
        {!scope && <option value="">all namespaces</option>}
        {all.map((ns) => (
          <option key={ns} value={ns}>
            {ns}
          </option>
        ))}
      </select>
    </label>
  );
}
