// The bench's child processes (bench/newcomers.ts, bench/counters.ts) answer over their IPC channel
// with typed messages; the parent waits for the next one of a kind.
import type { ChildProcess } from "node:child_process";

/**
 * `exited` settles when the child ends; `next(...types)` resolves with the child's next message of
 * one of those types, or rejects if the child ends first (`name` says which process, in the error).
 */
export function childMessages<M extends { type: string }>(child: ChildProcess, name: string) {
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const next = <T extends M["type"]>(...types: T[]) =>
    new Promise<Extract<M, { type: T }>>((resolve, reject) => {
      const onMessage = (message: M) => {
        if (!types.includes(message.type as T)) return;
        child.off("message", onMessage);
        resolve(message as Extract<M, { type: T }>);
      };
      child.on("message", onMessage);
      void exited.then(() => reject(new Error(`${name} ended early`)));
    });
  return { exited, next };
}
