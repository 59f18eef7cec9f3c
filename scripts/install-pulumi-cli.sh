#!/usr/bin/env bash
# Builds the Pulumi CLI from Go modules and caches it outside the repository, keyed by version.
#
#   scripts/install-pulumi-cli.sh            # build (or reuse) and print the bin directory
#   PULUMI_CLI_VERSION=v3.276.0 scripts/install-pulumi-cli.sh
#
# Both land in ${XDG_CACHE_HOME:-$HOME/.cache}/ml-platform/pulumi-cli/<version>/bin:
#   pulumi                   github.com/pulumi/pulumi/pkg/v3/cmd/pulumi at <version>
#   pulumi-language-nodejs   tools/pulumi-language-nodejs: starts Node.js policy packs for the engine
# mlguard and the tests look there by themselves; a pulumi >= 3.249 on PATH is used instead.
#
# A wrapper module is needed because `go install github.com/pulumi/pulumi/pkg/v3/cmd/pulumi@v…`
# refuses a module whose go.mod has replace directives; the wrapper requires pkg and sdk at the
# same version and repeats pkg's one replace that points outside pulumi's own tree.
set -euo pipefail

version="${PULUMI_CLI_VERSION:-v3.276.0}"
if [[ ! "$version" =~ ^v3\.[0-9]+\.[0-9]+$ ]]; then
  echo "install-pulumi-cli: PULUMI_CLI_VERSION must look like v3.276.0, got '$version'" >&2
  exit 2
fi
root="${XDG_CACHE_HOME:-$HOME/.cache}/ml-platform/pulumi-cli/$version"
bin="$root/bin"
host_src="$(cd "$(dirname "${BASH_SOURCE[0]}")/../tools/pulumi-language-nodejs" && pwd)"

log() { echo "install-pulumi-cli: $*" >&2; }

if ! command -v go >/dev/null 2>&1; then
  log "the Go toolchain (go 1.26 or newer) is needed to build the Pulumi CLI; none is on PATH"
  exit 1
fi
export CGO_ENABLED=0
ldflags="-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$version"
mkdir -p "$bin"

if [[ -x "$bin/pulumi" ]] && [[ "$("$bin/pulumi" version 2>/dev/null)" == "$version" ]]; then
  log "pulumi $version: already built in $bin"
else
  work="$(mktemp -d "$root/build.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
  cat >"$work/go.mod" <<MOD
module ml-platform.local/pulumi-cli

go 1.26

require (
	github.com/pulumi/pulumi/pkg/v3 $version
	github.com/pulumi/pulumi/sdk/v3 $version
)

replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e

tool github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
MOD
  log "pulumi $version: resolving github.com/pulumi/pulumi/pkg/v3 and its dependencies (the first run downloads about 1 GB of modules)"
  (cd "$work" && GOFLAGS="${GOFLAGS:+$GOFLAGS }-mod=mod" go mod tidy)
  log "pulumi $version: compiling (about six minutes on two cores; the Go build cache shortens later builds)"
  (cd "$work" && go build -trimpath -ldflags "$ldflags" -o "$work/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi)
  mv -f "$work/pulumi" "$bin/pulumi"
  log "pulumi $version: installed in $bin"
fi

# The host is rebuilt when its source changes; a stamp of the source's hash says which it is.
stamp="$(cat "$host_src/go.mod" "$host_src/go.sum" "$host_src"/*.go | sha256sum | cut -d' ' -f1)"
if [[ -x "$bin/pulumi-language-nodejs" ]] && [[ "$(cat "$bin/.pulumi-language-nodejs.sha256" 2>/dev/null)" == "$stamp" ]]; then
  log "pulumi-language-nodejs: already built in $bin"
else
  log "pulumi-language-nodejs: compiling tools/pulumi-language-nodejs"
  (cd "$host_src" && go build -trimpath -ldflags "$ldflags" -o "$bin/pulumi-language-nodejs.tmp" .)
  mv -f "$bin/pulumi-language-nodejs.tmp" "$bin/pulumi-language-nodejs"
  echo "$stamp" >"$bin/.pulumi-language-nodejs.sha256"
  log "pulumi-language-nodejs: installed in $bin"
fi
echo "$bin"
