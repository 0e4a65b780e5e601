import type { LiveProgress, SyncEvent } from "../api-types.js";

// One server-sent event stream for the whole console (a sync's progress, its warnings, its end), shared by the
// pages that show runs. EventSource sends the console's cookie and reconnects by itself.

type Listener = (
  event: SyncEvent | { readonly type: "current"; readonly progress: LiveProgress | null },
) => void;

const listeners = new Set<Listener>();
let source: EventSource | null = null;

function connect(): void {
  if (source !== null) return;
  source = new EventSource("/api/runs/events");
  const forward = (type: string) => (message: MessageEvent<string>) => {
    const data = JSON.parse(message.data) as unknown;
    const event =
      type === "current"
        ? { type: "current" as const, progress: data as LiveProgress | null }
        : (data as SyncEvent);
    for (const listener of listeners) listener(event);
  };
  for (const type of ["current", "progress", "log", "ended"]) source.addEventListener(type, forward(type));
}

/** Listens until the returned function is called (a page drawn anew stops its old listener). */
export function onRunEvent(listener: Listener): () => void {
  connect();
  listeners.add(listener);
  return () => listeners.delete(listener);
}
