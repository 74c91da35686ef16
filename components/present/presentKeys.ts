/** The panels presentation mode keeps one key away from the one-screen stage. */
export type PresentPanel = "details" | "findings" | "history" | "chart" | "keys";

export const PANEL_KEYS: readonly {
  key: string;
  panel: PresentPanel;
  label: string;
}[] = [
  {
    key: "d",
    panel: "details",
    label: "details (conditions, deadline, next step)",
  },
  { key: "f", panel: "findings", label: "findings and fixes" },
  { key: "h", panel: "history", label: "rollout history and undo commands" },
  { key: "c", panel: "chart", label: "handover chart" },
  { key: "?", panel: "keys", label: "this list of keys" },
];

/** The timeline's keys (usePlaybackKeys), listed with the panels'. */
export const PLAYBACK_KEYS: readonly { key: string; label: string }[] = [
  { key: "space", label: "play / pause the timeline" },
  { key: "← →", label: "previous / next handover step" },
  { key: "+ −", label: "faster / slower" },
  { key: "Esc", label: "close the panel" },
];

/**
 * The panel open after `key` is pressed with `open` showing: its key toggles a panel, Escape
 * closes; any other key leaves things as they are (`undefined` return means "not ours").
 */
export function nextPanel(open: PresentPanel | null, key: string): PresentPanel | null | undefined {
  if (key === "Escape") return open === null ? undefined : null;
  const hit = PANEL_KEYS.find((k) => k.key === key.toLowerCase());
  if (!hit) return undefined;
  return open === hit.panel ? null : hit.panel;
}
