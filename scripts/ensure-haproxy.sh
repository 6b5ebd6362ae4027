#!/usr/bin/env bash
# HAProxy from Debian's packages (never a downloaded binary), for `npm run cluster` and the tests that put
# it in front of nodes (test/cluster-haproxy.test.ts, the cluster tests of issue 18), with the openssl
# command that makes a throwaway certificate for its HTTPS entry (scripts/haproxy.ts). Installs what is
# missing: as root, or through sudo otherwise; says what to type when neither works.
set -euo pipefail
packages=()
have_haproxy=0
for candidate in "${HAPROXY:-}" "$(command -v haproxy 2>/dev/null || true)" /usr/sbin/haproxy /usr/local/sbin/haproxy; do
  if [[ -n $candidate && -x $candidate ]]; then have_haproxy=1; fi
done
[[ $have_haproxy -eq 1 ]] || packages+=(haproxy)
command -v openssl >/dev/null 2>&1 || packages+=(openssl)
[[ ${#packages[@]} -gt 0 ]] || exit 0
if [[ $(id -u) -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "Il manque ${packages[*]} : installez avec « apt-get install -y ${packages[*]} » (en root), puis relancez." >&2
  exit 1
fi
echo "Installation de ${packages[*]} (paquets Debian)…"
if ! { "${as_root[@]}" apt-get update -qq &&
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq "${packages[@]}" >/dev/null; }; then
  echo "${packages[*]} n'a pas pu être installé : essayez « sudo apt-get install -y ${packages[*]} », puis relancez." >&2
  exit 1
fi
# Where systemd runs, Debian's own haproxy service starts with its default file, which listens nowhere;
# ours are started by the scripts and tests with deploy/haproxy.cfg.
