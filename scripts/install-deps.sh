#!/usr/bin/env bash
# Installs the Debian packages VxMesh needs and says which ones it installs.
#   runtime: what the agent, lab, verify and bench run (iproute2, nginx, curl, ping, iperf3, nft, etcd)
#   test:    runtime + what the tests use as oracles and for the article's own commands (net-tools, ethtool)
#            + what the Kubernetes lab runs (kubernetes)
#   kubernetes:       runtime + what kube-proxy needs in a node namespace (iptables, conntrack)
#   kubernetes-build: what scripts/kubernetes.sh builds the binaries with (Go, rsync, make, dpkg-dev)
#   helm:    what scripts/helm-template.sh builds the chart renderer with (Go, its YAML library)
set -euo pipefail
mode="${1:-runtime}"

# package:command-that-proves-it-is-there (or an absolute path of a file it installs)
need=(iproute2:ip nginx-light:nginx curl:curl iputils-ping:ping iperf3:iperf3 nftables:nft etcd-server:etcd etcd-client:etcdctl util-linux:flock ethtool:ethtool)
helm=(golang-go:go golang-gopkg-yaml.v2-dev:/usr/share/gocode/src/gopkg.in/yaml.v2/yaml.go)
case "$mode" in
  runtime) ;;
  kubernetes) need+=(iptables:iptables conntrack:conntrack openssl:openssl) ;;
  test) need+=(net-tools:arp procps:pgrep iptables:iptables conntrack:conntrack openssl:openssl "${helm[@]}") ;;
  helm) need=("${helm[@]}") ;;
  kubernetes-build) need=(golang-go:go rsync:rsync make:make dpkg-dev:dpkg-source util-linux:flock golang-github-modern-go-reflect2-dev:/usr/share/gocode/src/github.com/modern-go/reflect2/go_above_118.go) ;;
  *) echo "install-deps.sh: unknown mode '$mode' (runtime | test | kubernetes | kubernetes-build | helm)" >&2; exit 2 ;;
esac

missing=()
for entry in "${need[@]}"; do
  pkg="${entry%%:*}"; cmd="${entry#*:}"
  case "$cmd" in
    /*) [ -e "$cmd" ] || missing+=("$pkg") ;;  # a file the package installs
    *) command -v "$cmd" >/dev/null 2>&1 || [ -x "/usr/sbin/$cmd" ] || [ -x "/sbin/$cmd" ] || missing+=("$pkg") ;;
  esac
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "vxmesh: installing missing Debian packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# Fresh machines often have no package lists yet: install, and on failure refresh and retry once.
if ! apt-get install -y -q --no-install-recommends "${missing[@]}" >/tmp/vxmesh-apt.log 2>&1; then
  apt-get update -q >>/tmp/vxmesh-apt.log 2>&1 || true
  if ! apt-get install -y -q --no-install-recommends "${missing[@]}" >>/tmp/vxmesh-apt.log 2>&1; then
    echo "vxmesh: apt-get could not install ${missing[*]} (log: /tmp/vxmesh-apt.log)" >&2
    tail -5 /tmp/vxmesh-apt.log >&2
    exit 1
  fi
fi
# Debian starts the packaged nginx and etcd services; VxMesh runs its own instances inside namespaces.
for svc in nginx etcd; do
  command -v systemctl >/dev/null 2>&1 && systemctl disable --now "$svc" >/dev/null 2>&1 || true
done
echo "vxmesh: installed ${missing[*]}" >&2
