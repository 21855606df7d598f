#!/usr/bin/env bash
# Builds the Kubernetes binaries the lab runs (kube-apiserver, kube-controller-manager,
# kube-scheduler, kube-proxy, kubectl) once per machine, from the distribution's source package,
# and prints the directory that holds them.
#
#   scripts/kubernetes.sh           build if missing, print the bin directory
#   scripts/kubernetes.sh --check   exit 0 when the cache is complete, 1 otherwise (builds nothing)
#
# Cache: $VXMESH_K8S_CACHE (default /var/cache/vxmesh/kubernetes), one directory per source version:
#   <cache>/<version>/bin/…      the binaries (appear only when all of them built: a stamp marks it)
#   <cache>/<version>/work/…     source tree, GOPATH, Go build cache (kept until the build succeeds: a re-run resumes)
#   <cache>/apt/…                a private apt state: deb-src lists derived from the machine's own
#                                sources, so the machine's apt configuration is never touched.
# Safe to interrupt and re-run: every step either finishes or is redone; the bin directory is
# swapped in whole. Concurrent runs wait on one lock.
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
cache="${VXMESH_K8S_CACHE:-/var/cache/vxmesh/kubernetes}"
# The lab is written against this release: Debian bookworm's kubernetes source package.
version="${VXMESH_K8S_VERSION:-1.20.2}"
dir="$cache/$version"
bin="$dir/bin"
binaries=(kube-apiserver kube-controller-manager kube-scheduler kube-proxy kubectl)
# Bumped whenever the recipe changes what gets built, so a cache from an older recipe is rebuilt.
recipe=2

complete() {
  [ "$(cat "$bin/.complete" 2>/dev/null)" = "$recipe" ] || return 1
  for b in "${binaries[@]}"; do [ -x "$bin/$b" ] || return 1; done
}

if [ "${1:-}" = --check ]; then complete; exit; fi
if complete; then echo "$bin"; exit 0; fi

say() { echo "kubernetes: $*" >&2; }
fail() { echo "kubernetes: $*" >&2; exit 1; }

mkdir -p "$cache"
exec 8>"$cache/.lock"
if ! flock -n 8; then
  say "another build holds $cache/.lock; waiting for it"
  flock 8
fi
if complete; then echo "$bin"; exit 0; fi

# Resources first: a build that dies at 90 % for want of disk or memory wastes ten minutes.
need_disk_mb=6000
need_mem_mb=2500
free_disk_mb=$(df -Pm "$cache" | awk 'NR==2 {print $4}')
avail_mem_mb=$(awk '/^MemAvailable:/ {print int($2/1024)}' /proc/meminfo)
[ "$free_disk_mb" -ge "$need_disk_mb" ] ||
  fail "needs ${need_disk_mb} MB free under $cache, has ${free_disk_mb} MB (fix: free disk space or set VXMESH_K8S_CACHE to a larger filesystem)"
[ "$avail_mem_mb" -ge "$need_mem_mb" ] ||
  fail "needs ${need_mem_mb} MB of available memory to link kube-apiserver, has ${avail_mem_mb} MB (fix: stop other work and re-run)"

"$here/install-deps.sh" kubernetes-build

work="$dir/work"
mkdir -p "$work"
started=$(date +%s)

# 1. Source: apt-get source through a private list of deb-src entries.
src_tree="$work/src-tree"
if [ ! -f "$src_tree/.unpacked" ]; then
  apt_dir="$cache/apt"
  mkdir -p "$apt_dir/parts" "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial"
  : >"$apt_dir/parts/vxmesh-src.sources"
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    # deb822 stanzas: the same archives, as source entries.
    sed -E 's/^Types:.*\bdeb\b.*$/Types: deb-src/' "$f" >>"$apt_dir/parts/vxmesh-src.sources"
    echo >>"$apt_dir/parts/vxmesh-src.sources"
  done
  : >"$apt_dir/sources.list"
  if [ -f /etc/apt/sources.list ]; then
    sed -nE 's/^deb[[:space:]]/deb-src /p' /etc/apt/sources.list >"$apt_dir/sources.list"
  fi
  apt_opts=(-o "Dir::Etc::SourceList=$apt_dir/sources.list" -o "Dir::Etc::SourceParts=$apt_dir/parts"
    -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache" -o "APT::Sandbox::User=root")
  say "fetching the source package list (private apt state in $apt_dir)"
  # A third-party archive without sources fails its part of the update; the Debian archive is what counts.
  apt-get -q "${apt_opts[@]}" update >"$work/apt.log" 2>&1 || say "apt-get update reported errors (log: $work/apt.log); trying the source anyway"
  rm -rf "$work/download" "$src_tree"
  mkdir -p "$work/download"
  say "downloading and unpacking the kubernetes source package (~35 MB)"
  (cd "$work/download" && apt-get -q "${apt_opts[@]}" source kubernetes) >>"$work/apt.log" 2>&1 ||
    { tail -5 "$work/apt.log" >&2; fail "apt-get source kubernetes failed (log: $work/apt.log)"; }
  unpacked=$(find "$work/download" -mindepth 1 -maxdepth 1 -type d -name 'kubernetes-*' | head -1)
  [ -n "$unpacked" ] || fail "apt-get source left no kubernetes-* directory in $work/download"
  mv "$unpacked" "$src_tree"
  touch "$src_tree/.unpacked"
fi

# Kubernetes 1.20 vendors modern-go/reflect2 1.0.1, whose map iteration faults under Go 1.18 and
# later (kube-apiserver dies with SIGSEGV in UnsafeMapType.UnsafeIterate once watches run). The
# distribution packages reflect2 1.0.2, which supports them: build against that copy instead.
reflect2=/usr/share/gocode/src/github.com/modern-go/reflect2
[ -f "$reflect2/go_above_118.go" ] || fail "$reflect2 is missing (the golang-github-modern-go-reflect2-dev package)"
rsync -a --delete --exclude go.mod "$reflect2/" "$src_tree/vendor/github.com/modern-go/reflect2/"

# 2. Build: a GOPATH whose k8s.io/kubernetes is the tree, the Go build cache kept for re-runs.
gopath="$work/gopath"
mkdir -p "$gopath/src/k8s.io"
ln -sfn "$src_tree" "$gopath/src/k8s.io/kubernetes"
export GOPATH="$gopath" HOME="$work/home" GOFLAGS=-mod=vendor GO111MODULE=on
# The tarball has no .git: give the build the version it would have read from it.
export KUBE_GIT_VERSION="v$version" KUBE_GIT_TREE_STATE=clean KUBE_GIT_COMMIT="debian-source-$version"
mkdir -p "$HOME"
say "building ${binaries[*]} with $(go version | awk '{print $3}') — about 10 minutes on 2 cores, once per machine (log: $work/build.log)"
what=""
for b in "${binaries[@]}"; do what+="cmd/$b "; done
(
  cd "$gopath/src/k8s.io/kubernetes"
  make WHAT="${what% }" >"$work/build.log" 2>&1
) &
builder=$!
trap 'kill -- -$builder 2>/dev/null; kill $builder 2>/dev/null; exit 130' INT TERM
while kill -0 "$builder" 2>/dev/null; do
  sleep 15
  kill -0 "$builder" 2>/dev/null || break
  # make prints nothing while Go compiles; the growing build cache is the progress there is.
  compiled=$(du -sm "$src_tree/_output/local/go/cache" 2>/dev/null | cut -f1)
  say "  $(( $(date +%s) - started )) s: ${compiled:-0} MB compiled (a full build is ~1,600 MB)"
done
if ! wait "$builder"; then
  tail -20 "$work/build.log" >&2
  fail "make failed (log: $work/build.log)"
fi
trap - INT TERM

out="$src_tree/_output/local/bin/linux/$(go env GOARCH)"
rm -rf "$bin.new"
mkdir -p "$bin.new"
for b in "${binaries[@]}"; do
  [ -x "$out/$b" ] || fail "the build produced no $out/$b (log: $work/build.log)"
  cp "$out/$b" "$bin.new/$b"
done
"$bin.new/kube-apiserver" --version >"$bin.new/VERSION" 2>&1
echo "$recipe" >"$bin.new/.complete"
rm -rf "$bin"
mv "$bin.new" "$bin"
# The source tree and its build cache (~2.6 GB) are only needed to build again.
rm -rf "$work"
say "built in $(( $(date +%s) - started )) s: $(cat "$bin/VERSION") in $bin"
echo "$bin"
