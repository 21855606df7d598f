#!/usr/bin/env bash
# Renders a Helm chart like `helm template` (no helm binary on the build machines): builds
# deploy/helm/render (Go's text/template, Helm's own engine, with the functions the chart uses)
# into .build/ once, then runs it with the arguments given:
#   scripts/helm-template.sh [-f values.yaml]... [--set k=v]... [--name R] [--namespace NS] [--include-crds] deploy/helm/vxmesh
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
"$repo/scripts/install-deps.sh" helm >&2
src="$repo/deploy/helm/render"
bin="$repo/.build/helm-render"
if [ ! -x "$bin" ] || [ -n "$(find "$src" -newer "$bin" -name '*.go')" ]; then
  mkdir -p "$repo/.build"
  (cd "$src" && GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE="$repo/.build/go-cache" go build -o "$bin.new" .) >&2
  mv "$bin.new" "$bin"
fi
exec "$bin" "$@"
