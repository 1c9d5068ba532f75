#!/usr/bin/env bash
# Installs what the tests use besides the .NET SDK: dig, curl, kubectl and Debian's Python Kubernetes client.
# Idempotent: installs only what is missing. Debian/Ubuntu (apt-get); run as root or with sudo available.
set -euo pipefail

missing=()
command -v dig >/dev/null 2>&1 || missing+=(dnsutils)
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v kubectl >/dev/null 2>&1 || missing+=(kubernetes-client)
/usr/bin/python3 -c 'import kubernetes' >/dev/null 2>&1 || missing+=(python3 python3-kubernetes)

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

sudo=()
if [ "$(id -u)" -ne 0 ]; then
  sudo=(sudo)
fi

echo "Installing test dependencies: ${missing[*]}"
"${sudo[@]}" apt-get update -q >/dev/null
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
