#!/usr/bin/env bash
# Regenerates deploy/rollscope.yaml from the Helm chart (chart/): the same objects for users who
# apply plain manifests. scripts/chart.test.ts fails when the file is out of sync with the chart.
# Usage: scripts/render-deploy.sh [--check]   (helm from scripts/build-helm.sh, built once and cached)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
helm="${ROLLSCOPE_HELM:-$(bash "$root/scripts/build-helm.sh" | tail -n 1)}"

render() {
  cat <<'HEAD'
# Rendered from chart/ by scripts/render-deploy.sh; edit the chart, not this file.
# Rollscope inside a cluster, read-only: get/list/watch on exactly the kinds it reads, never
# Secrets, never a write verb. Create the access token, apply, then port-forward:
#   kubectl create namespace rollscope
#   kubectl -n rollscope create secret generic rollscope-token --from-literal=token=$(openssl rand -hex 20)
#   kubectl apply -f deploy/rollscope.yaml
#   kubectl -n rollscope port-forward svc/rollscope 3000:80   # then http://127.0.0.1:3000/?token=<token>
HEAD
  "$helm" template rollscope "$root/chart" --namespace rollscope \
    --set createNamespace=true --set token.existingSecret=rollscope-token
}

if [ "${1:-}" = "--check" ]; then
  diff -u "$root/deploy/rollscope.yaml" <(render) && echo "deploy/rollscope.yaml is in sync with chart/"
else
  render > "$root/deploy/rollscope.yaml"
  echo "wrote deploy/rollscope.yaml"
fi
