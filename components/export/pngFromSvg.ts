/**
 * The stage SVG as a PNG, in the browser: drawn onto a canvas at 2× for slides. The SVG comes
 * from our own route, so the canvas is not tainted.
 */
export async function pngFromSvg(svgText: string, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svgText], { type: "image/svg+xml" }));
  try {
    const img = new Image();
    await new Promise<void>((ok, fail) => {
      img.onload = () => ok();
      img.onerror = () => fail(new Error("the stage SVG could not be drawn"));
      img.src = url;
    });
    const canvas = document.createElement("canvas");
    canvas.width = Math.ceil(img.width * scale);
    canvas.height = Math.ceil(img.height * scale);
    const ctx = canvas.getContext("2d");
    if (!ctx) throw new Error("no 2D canvas");
    ctx.scale(scale, scale);
    ctx.drawImage(img, 0, 0);
    return await new Promise<Blob>((ok, fail) => canvas.toBlob((b) => (b ? ok(b) : fail(new Error("PNG encoding failed"))), "image/png"));
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** Fetches the stage SVG of one Deployment and downloads it as PNG. */
export async function downloadStagePng(namespace: string, name: string): Promise<void> {
  const res = await fetch(`/api/export/stage?namespace=${encodeURIComponent(namespace)}&deployment=${encodeURIComponent(name)}`);
  if (!res.ok) throw new Error(`export failed: HTTP ${res.status}`);
  const png = await pngFromSvg(await res.text());
  const a = document.createElement("a");
  a.href = URL.createObjectURL(png);
  a.download = `stage-${namespace}-${name}.png`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(a.href), 1000);
}
