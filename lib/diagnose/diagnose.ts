/**
 * diagnose: every Finding of shared/DESIGN.md for the objects in a store. Pure.
 */
import type { Store } from "../model/store";
import type { Finding } from "../model/types";

/** Options of diagnose: `now` in epoch ms; `namespace` limits the scope. */
export interface DiagnoseOptions {
  namespace?: string;
  now: number;
}

/** All findings, errors first. (Implementation in progress.) */
export function diagnose(_store: Store, _opts: DiagnoseOptions): Finding[] {
  return [];
}
