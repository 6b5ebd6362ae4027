import type { RoomRegistry } from "../../server/board/room-registry.js";

/** Resolves once the registry holds no room in memory (the last one emptied, folded and unloaded). */
export function untilNoRoomLoaded(registry: RoomRegistry): Promise<void> {
  return new Promise<void>((resolve) => {
    const check = () => (registry.loadedRooms === 0 ? resolve() : setImmediate(check));
    check();
  });
}
