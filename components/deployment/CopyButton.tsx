"use client";
import { useState } from "react";

/** Copies `text`; says so. Falls back to selecting the text when the clipboard is unavailable. */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [done, setDone] = useState<"copied" | "select" | undefined>();
  return (
    <button
      type="button"
      className="btn btn-small"
      aria-label={label}
      onClick={async () => {
        try {
          await navigator.clipboard.writeText(text);
          setDone("copied");
        } catch {
          setDone("select");
        }
      }}
    >
      {done === "copied" ? "copied" : done === "select" ? "select & copy" : "copy"}
    </button>
  );
}
