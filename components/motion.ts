/**
 * d3 transitions for the views. d3's package declares no side effects, so bundlers drop the
 * d3-transition module that adds `selection.transition`; importing it here keeps it.
 */
import "d3-transition";
import { select, type BaseType } from "d3";

/** A named transition on one node (interrupting the previous one of the same name). */
export function animate<E extends BaseType>(node: E, name: string, durationMs: number) {
  return select(node).transition(name).duration(durationMs);
}

export { select };
