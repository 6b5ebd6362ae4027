import { findHaproxy } from "../../scripts/haproxy.js";

/**
 * The haproxy binary for the tests that put HAProxy in front of nodes, or null when they cannot run.
 * Missing: outside CI they are skipped with a message saying so; under CI (`CI` set, as .ci/run does,
 * which installs Debian's haproxy first) they fail instead, so that CI never passes without them.
 */
export function haproxyForTests(): string | null {
  const binary = findHaproxy();
  if (binary) return binary;
  const why =
    "HAProxy tests need Debian's haproxy (apt-get install -y haproxy, or bash scripts/ensure-haproxy.sh; HAPROXY=<path> elsewhere)";
  if (process.env.CI) throw new Error(`${why}. Under CI they are never skipped.`);
  console.warn(`SKIPPED: ${why}`);
  return null;
}
