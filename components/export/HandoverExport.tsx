"use client";
import { useState } from "react";
import { pngFromSvg } from "./pngFromSvg";

/** Downloads of the handover chart: the SVG as it is, and a PNG drawn from it at 2×. */
export function HandoverExport({ svg, fileBase }: { svg: string; fileBase: string }) {
  const [error, setError] = useState<string>();
  const png = async () => {
    try {
      const blob = await pngFromSvg(svg);
      const a = document.createElement("a");
      a.href = URL.createObjectURL(blob);
      a.download = `${fileBase}.png`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 1000);
      setError(undefined);
    } catch (e) {
      setError(`PNG export failed: ${String(e)}. The SVG download still works.`);
    }
  };
  return (
    <span className="muted" data-testid="handover-export">
      chart:{" "}
      <a href={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`} download={`${fileBase}.svg`} data-testid="handover-svg-link">
        SVG
      </a>{" "}
      ·{" "}
      <button type="button" className="linklike" onClick={() => void png()} data-testid="handover-png">
        PNG
      </button>
      {error && <span role="alert"> {error}</span>}
    </span>
  );
}
