#!/usr/bin/env bash
# Builds k9s (github.com/derailed/k9s, pinned below) from the Go module proxy, caching the binary in
#   ${ROLLSCOPE_CACHE:-$HOME/.cache/rollscope}/k9s/<version>-<go version>
# and skipping the build when that directory is complete (a warm run is a no-op).
# Prints the binary path as the last line of stdout. Logs go to stderr.
# Env: ROLLSCOPE_K9S_PARALLEL (go build -p, default 2), ROLLSCOPE_K9S_NICE (default 10).
set -euo pipefail

version="v0.50.16"
command -v go >/dev/null 2>&1 || { echo "k9s/build.sh: go not found on PATH" >&2; exit 127; }

goversion="$(go env GOVERSION)"
cache_root="${ROLLSCOPE_CACHE:-$HOME/.cache/rollscope}"
out="$cache_root/k9s/${version}-${goversion}"

if [ -x "$out/k9s" ] && [ -f "$out/BUILD-INFO" ]; then
  echo "k9s/build.sh: cached $out" >&2
  echo "$out/k9s"
  exit 0
fi

mkdir -p "$out"
tmp="$(mktemp -d "$out.tmp.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

par="${ROLLSCOPE_K9S_PARALLEL:-2}"
nicelvl="${ROLLSCOPE_K9S_NICE:-10}"
start=$(date +%s)
echo "k9s/build.sh: building k9s $version with $goversion into $out (-p $par)" >&2
# go install module@version honours k9s's own go.mod (its pins and go directive) and needs no
# wrapper module; the version variables feed `k9s version`.
ldflags="-s -w -X github.com/derailed/k9s/cmd.version=${version} -X github.com/derailed/k9s/cmd.commit=module-proxy"
CGO_ENABLED=0 GOBIN="$tmp" GOFLAGS= GOTOOLCHAIN=local \
  nice -n "$nicelvl" go install -p "$par" -trimpath -ldflags "$ldflags" "github.com/derailed/k9s@${version}"

total=$(( $(date +%s) - start ))
{
  echo "version=$version"
  echo "go=$goversion"
  echo "built=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "seconds=$total"
  echo "parallel=$par"
} > "$tmp/BUILD-INFO"
mv "$tmp"/* "$out"/
echo "k9s/build.sh: done in ${total}s" >&2
echo "$out/k9s"
