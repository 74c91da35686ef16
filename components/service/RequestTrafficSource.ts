"use client";
import { createContext } from "react";
import type { TrafficPicture } from "@/lib/traffic/picture";

/**
 * Where the Service cards' request lanes come from. Undefined (the default): the live dashboard's
 * load generator (GET /api/traffic, with Send requests). A list: a replay's recorded traffic at the
 * playback time — drawn the same way, with nothing to press (a replay has no cluster).
 */
export const RecordedTraffic = createContext<TrafficPicture[] | undefined>(undefined);
