#!/usr/bin/env bash
# HAProxy from Debian's packages (never a downloaded binary), for `npm run cluster` and the tests that put
# it in front of nodes (test/cluster-haproxy.test.ts, the cluster tests of issue 18). Installs it when
# missing: as root, or through sudo otherwise; says what to type when neither works.
set -euo pipefail
for candidate in "${HAPROXY:-}" "$(command -v haproxy 2>/dev/null || true)" /usr/sbin/haproxy /usr/local/sbin/haproxy; do
  if [[ -n $candidate && -x $candidate ]]; then exit 0; fi
done
if [[ $(id -u) -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "HAProxy manque : installez-le avec « apt-get install -y haproxy » (en root), puis relancez." >&2
  exit 1
fi
echo "Installation de HAProxy (paquet Debian)…"
if ! { "${as_root[@]}" apt-get update -qq &&
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq haproxy >/dev/null; }; then
  echo "HAProxy n'a pas pu être installé : essayez « sudo apt-get install -y haproxy », puis relancez." >&2
  exit 1
fi
# Where systemd runs, Debian's own haproxy service starts with its default file, which listens nowhere;
# ours are started by the scripts and tests with deploy/haproxy.cfg.
