// React's view of a FacilitationClient: re-renders on every message from the server.
import { useCallback, useSyncExternalStore } from "react";
import type { FacilitationClient } from "./facilitation-client";

export function useFacilitation(client: FacilitationClient | null) {
  const subscribe = useCallback((onChange: () => void) => client?.subscribe(onChange) ?? (() => undefined), [client]);
  // A new object on every message: the client replaces view and mine, never mutates them.
  const view = useSyncExternalStore(
    subscribe,
    () => client?.view ?? null,
    () => null,
  );
  const mine = useSyncExternalStore(
    subscribe,
    () => client?.mine ?? null,
    () => null,
  );
  return { view, mine };
}
