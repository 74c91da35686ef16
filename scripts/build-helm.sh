#!/usr/bin/env bash
# Builds helm (helm.sh/helm/v4, pinned below) from the Go module proxy, caching the binary in
#   ${ROLLSCOPE_CACHE:-$HOME/.cache/rollscope}/helm/<version>-<go version>
# and skipping the build when that directory is complete (a warm run is a no-op), like
# e2e/k8s/build.sh does for the Kubernetes binaries.
# Prints the binary path as the last line of stdout. Logs go to stderr.
# Env: ROLLSCOPE_HELM_PARALLEL (go build -p, default 1), ROLLSCOPE_HELM_NICE (default 15).
set -euo pipefail

version="v4.3.2"
command -v go >/dev/null 2>&1 || { echo "build-helm.sh: go not found on PATH" >&2; exit 127; }

goversion="$(go env GOVERSION)"
cache_root="${ROLLSCOPE_CACHE:-$HOME/.cache/rollscope}"
out="$cache_root/helm/${version}-${goversion}"

if [ -x "$out/helm" ] && [ -f "$out/BUILD-INFO" ]; then
  echo "build-helm.sh: cached $out" >&2
  echo "$out/helm"
  exit 0
fi

mkdir -p "$out"
tmp="$(mktemp -d "$out.tmp.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

par="${ROLLSCOPE_HELM_PARALLEL:-1}"
nicelvl="${ROLLSCOPE_HELM_NICE:-15}"
start=$(date +%s)
echo "build-helm.sh: building helm $version with $goversion into $out (-p $par)" >&2
# go install module@version honours helm's own go.mod; the version variable feeds `helm version`.
ldflags="-s -w -X helm.sh/helm/v4/internal/version.version=${version} -X helm.sh/helm/v4/internal/version.gitTreeState=clean"
CGO_ENABLED=0 GOBIN="$tmp" GOFLAGS=-p=$par GOTOOLCHAIN=local \
  nice -n "$nicelvl" go install -p "$par" -trimpath -ldflags "$ldflags" "helm.sh/helm/v4/cmd/helm@${version}"

total=$(( $(date +%s) - start ))
{
  echo "version=$version"
  echo "go=$goversion"
  echo "built=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "seconds=$total"
  echo "parallel=$par"
} > "$tmp/BUILD-INFO"
mv "$tmp"/* "$out"/
echo "build-helm.sh: done in ${total}s" >&2
echo "$out/helm"
