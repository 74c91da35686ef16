/**
 * The Content-Security-Policy of every page: scripts only with this response's nonce (Next.js
 * marks its own with it; 'strict-dynamic' lets them load their chunks), nothing from elsewhere,
 * no framing, no plugins. Inline style attributes stay allowed: d3 transitions and React set them.
 */
export function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    // React's development build evaluates code (stack reconstruction); production never does.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
