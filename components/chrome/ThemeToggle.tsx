"use client";
import { useEffect, useState } from "react";

type Theme = "light" | "dark";

/** Light/dark: follows prefers-color-scheme until the user picks one (kept in localStorage). */
export function ThemeToggle() {
  const [theme, setTheme] = useState<Theme | undefined>();
  useEffect(() => {
    const saved = localStorage.getItem("rollscope-theme");
    const initial: Theme =
      saved === "light" || saved === "dark" ? saved : matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
    setTheme(initial);
  }, []);
  useEffect(() => {
    if (theme) document.documentElement.dataset.theme = theme;
  }, [theme]);
  const next: Theme = theme === "dark" ? "light" : "dark";
  return (
    <button
      type="button"
      className="btn"
      aria-label={`switch to ${next} theme`}
      onClick={() => {
        localStorage.setItem("rollscope-theme", next);
        setTheme(next);
      }}
    >
      {theme === "dark" ? "☀ light" : "☾ dark"}
    </button>
  );
}
