import { isIP } from "node:net";

/**
 * Which proxies may tell us the client's address and scheme (X-Forwarded-For / -Proto), in
 * Express's own terms. Default: none, loopback included — a forwarded header is then just text a
 * client typed. Accepted: a hop count ("1": the nearest proxy, whoever it is), or a comma-separated
 * list of addresses, subnets (CIDR) and Express's names "loopback", "linklocal", "uniquelocal".
 * "true" (trust every hop) is refused: any client could then choose its own address.
 */
export type TrustProxy = false | number | string[];

const NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);

export function parseTrustProxy(raw: string | undefined): { ok: true; value: TrustProxy } | { ok: false; message: string } {
  const text = (raw ?? "").trim();
  if (text === "" || text === "false" || text === "0") return { ok: true, value: false };
  if (/^\d+$/.test(text)) return { ok: true, value: Number(text) };
  if (text === "true") {
    return { ok: false, message: "« true » ferait confiance à n'importe quel client : donnez un nombre de relais (1) ou leurs adresses" };
  }
  const entries = text
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const wrong = entries.filter((entry) => !NAMES.has(entry) && !isAddressOrSubnet(entry));
  if (wrong.length > 0) return { ok: false, message: `adresse ou sous-réseau non reconnu : ${wrong.join(", ")}` };
  return { ok: true, value: entries };
}

function isAddressOrSubnet(entry: string): boolean {
  const [address, prefix, ...rest] = entry.split("/");
  if (rest.length > 0 || !address) return false;
  const family = isIP(address);
  if (family === 0) return false;
  if (prefix === undefined) return true;
  if (family === 4 && isIP(prefix) === 4) return true; // netmask form, 10.0.0.0/255.0.0.0
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}
