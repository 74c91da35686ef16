/** Minimal render for component tests (react-dom + happy-dom, no extra library). */
import { act, type ReactElement } from "react";
import { createRoot, type Root } from "react-dom/client";

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

export { act };

export interface Rendered {
  container: HTMLElement;
  rerender(el: ReactElement): void;
  unmount(): void;
}

export function render(el: ReactElement): Rendered {
  const container = document.createElement("div");
  document.body.appendChild(container);
  let root: Root | undefined;
  act(() => {
    root = createRoot(container);
    root.render(el);
  });
  return {
    container,
    rerender: (next) => act(() => root!.render(next)),
    unmount: () => {
      act(() => root!.unmount());
      container.remove();
    },
  };
}
