/**
 * A throw-away home for k9s: its config, state, logs and kubeconfig copy live in one temp
 * directory, so the bench never reads or writes the user's k9s setup, and k9s's own network
 * call (the latest-release check against its project site) is switched off.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

export interface K9sHome {
  dir: string;
  /** Environment for the k9s process. */
  env: Record<string, string>;
  remove(): Promise<void>;
}

// k9s refuses refresh rates under 2 s (internal/config/k9s.go GetRefreshRate): 2 is its fastest.
const CONFIG = `k9s:
  refreshRate: 2
  skipLatestRevCheck: true
  readOnly: true
  disablePodCounting: false
  imageScans:
    enable: false
  ui:
    headless: true
    logoless: true
    crumbsless: true
    splashless: true
    reactive: false
    noIcons: true
    enableMouse: false
`;

export async function makeK9sHome(kubeconfig: string): Promise<K9sHome> {
  const dir = await mkdtemp(path.join(tmpdir(), "rollscope-k9s-"));
  await writeFile(path.join(dir, "config.yaml"), CONFIG);
  const env: Record<string, string> = {
    HOME: dir,
    K9S_CONFIG_DIR: dir,
    K9S_LOGS_DIR: path.join(dir, "logs"),
    XDG_CONFIG_HOME: path.join(dir, "xdg-config"),
    XDG_STATE_HOME: path.join(dir, "xdg-state"),
    XDG_DATA_HOME: path.join(dir, "xdg-data"),
    XDG_CACHE_HOME: path.join(dir, "xdg-cache"),
    KUBECONFIG: kubeconfig,
    TERM: "xterm-256color",
    // Only the loopback lab cluster: no proxy may take the connection elsewhere.
    NO_PROXY: "127.0.0.1,localhost",
    HTTPS_PROXY: "",
    HTTP_PROXY: "",
  };
  return { dir, env, remove: () => rm(dir, { recursive: true, force: true }) };
}
