#!/usr/bin/env bash
# Installs what the tests use besides the .NET SDK: dig, curl, kubectl, Debian's Python Kubernetes client, the
# DNS servers and tools behind tests/DnsServers (BIND9 named, rndc and nsupdate; Knot knotd and knotc; ip), and for
# tests/EndToEnd.Tests Pebble, certbot with its RFC 2136 plugin, and openssl; for tests/Deploy.Tests promtool (Debian's
# prometheus package), Node.js and the manifest schema packages of tests/Deploy.Tests/validate (npm ci).
# Idempotent: installs only what is missing. Debian/Ubuntu (apt-get); run as root or with sudo available.
set -euo pipefail

missing=()
command -v dig >/dev/null 2>&1 || missing+=(dnsutils)
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v kubectl >/dev/null 2>&1 || missing+=(kubernetes-client)
/usr/bin/python3 -c 'import kubernetes' >/dev/null 2>&1 || missing+=(python3 python3-kubernetes)
# Daemons live in sbin, which a non-root PATH may lack: look there too.
has() { PATH="$PATH:/usr/sbin:/sbin" command -v "$1" >/dev/null 2>&1; }
has named || missing+=(bind9)
has rndc || missing+=(bind9-utils)
has nsupdate || missing+=(bind9-dnsutils)
{ has knotd && has knotc; } || missing+=(knot)
has kdig || missing+=(knot-dnsutils)
has ip || missing+=(iproute2)
has pebble || missing+=(pebble)
has certbot || missing+=(certbot)
/usr/bin/python3 -c 'import certbot_dns_rfc2136' >/dev/null 2>&1 || missing+=(python3-certbot-dns-rfc2136)
has openssl || missing+=(openssl)
has promtool || missing+=(prometheus)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)

# The manifest schemas (kubernetes-models and friends) for tests/Deploy.Tests, into that folder, from its lockfile.
install_schema_packages() {
  local dir
  dir="$(dirname "$0")/../tests/Deploy.Tests/validate"
  if [ ! -d "$dir/node_modules/kubernetes-models" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    echo "Installing the manifest schema packages (npm ci in tests/Deploy.Tests/validate)"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
}

if [ ${#missing[@]} -eq 0 ]; then
  install_schema_packages
  exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  sudo=(sudo)
fi

echo "Installing test dependencies: ${missing[*]}"
"${sudo[@]}" apt-get update -q >/dev/null
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null

# Under systemd the packages start their own named and knotd, listening on every address at port 53, where the test
# DNS trees want to listen. The tests start their servers themselves, so keep the system ones off; and certbot's
# renewal timer and the Prometheus server (only its promtool is used), which the tests have no use for.
if [ -d /run/systemd/system ]; then
  for unit in named.service knot.service certbot.timer prometheus.service; do
    "${sudo[@]}" systemctl disable --now "$unit" >/dev/null 2>&1 || true
  done
fi

install_schema_packages
