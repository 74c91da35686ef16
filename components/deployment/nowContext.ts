import { createContext } from "react";

/**
 * The page's clock for what counts seconds inside memoised lanes (pod details' "started … ago"):
 * a context reaches them without re-rendering every lane each second.
 */
export const NowContext = createContext<number | undefined>(undefined);
