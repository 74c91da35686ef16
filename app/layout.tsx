import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import type { ReactNode } from "react";
import "./globals.css";

export const metadata: Metadata = {
  title: "Rollscope",
  description: "Watch Kubernetes rollouts as they happen: rolling updates, stuck rollouts, rollbacks, blue-green and canary.",
};

export const viewport: Viewport = { colorScheme: "light dark" };

// Applies the saved theme before first paint (no flash); without one, CSS follows prefers-color-scheme.
const THEME_SCRIPT = `try{var t=localStorage.getItem("rollscope-theme");if(t==="light"||t==="dark")document.documentElement.dataset.theme=t}catch(e){}`;

export default async function RootLayout({ children }: { children: ReactNode }) {
  // The CSP nonce from proxy.ts: without it the browser refuses this inline script.
  const nonce = (await headers()).get("x-nonce") ?? undefined;
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body>{children}</body>
    </html>
  );
}
