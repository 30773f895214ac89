# Shared steps of tools/test, tools/demo and bench/run (sourced, not run).

# Installing packages and the extension needs root: a non-root caller is
# re-run through sudo (a fresh Debian 12 machine run as root has no sudo, and
# needs none).
ia_as_root() {
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "run this as root (sudo is not installed)" >&2; exit 1; }
    exec sudo --preserve-env=IA_SHARED,IA_TEST_ONLY "$@"
  fi
}

IA_PACKAGES=(build-essential postgresql-15 postgresql-server-dev-15 postgresql-15-pgtap
             libtap-parser-sourcehandler-pgtap-perl python3
             chromium fonts-dejavu-core    # chromium: tools/report's screenshot test
             libzstd-dev liblz4-dev libkrb5-dev)   # headers the Citus build needs (97_citus.sh builds Citus)
# ../shared beside the repository holds the real test data (VCDB, EuRepoC, ATT&CK bundles).
IA_SHARED=${IA_SHARED:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/shared}

ia_install_packages() {
  local missing=()
  for p in "${IA_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if ((${#missing[@]})); then
    echo "== installing ${missing[*]}"
    if [ "$(id -u)" -ne 0 ]; then echo "run as root (or with sudo) to install packages" >&2; exit 1; fi
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

ia_build_and_install() {
  echo "== building and installing incident_analytics"
  make -s clean >/dev/null
  make -s -j2 >/dev/null
  make -s install >/dev/null
}
