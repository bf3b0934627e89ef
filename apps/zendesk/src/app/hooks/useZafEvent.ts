// Subscribes to a ZAF event for as long as the component lives, always calling the latest handler.
import { useEffect, useRef } from 'react';
import type { ZafClient } from '../zaf/zaf-client.ts';

export function useZafEvent<A extends unknown[]>(
  client: Pick<ZafClient, 'on' | 'off'>,
  event: string,
  handler: ((...args: A) => unknown) | null,
): void {
  const latest = useRef(handler);
  latest.current = handler;
  const active = handler !== null;
  useEffect(() => {
    if (!active) return undefined;
    const listener = (...args: never[]): unknown => latest.current?.(...(args as unknown as A));
    client.on(event, listener);
    return () => client.off(event, listener);
  }, [client, event, active]);
}
