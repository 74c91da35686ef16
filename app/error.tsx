"use client";

/** Never a blank page: a rendering error says what broke and offers a retry. */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="fatal-page">
      <h1>The dashboard hit an error</h1>
      <p role="alert">{error.message || "unknown error"}</p>
      <p>The cluster connection is not affected; the view will rebuild from the stream.</p>
      <button type="button" className="btn" onClick={() => reset()}>
        try again
      </button>
    </main>
  );
}
