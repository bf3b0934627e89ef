// Calls the latest handler on a Freshworks client event while the component lives (freshdesk.md §3.10).
import { useEffect, useRef } from 'react';
import type { FreshworksClient, FreshworksEvent } from '../fdk/freshworks-client.ts';

/**
 * `client.events.on` has no `off` in the platform's API (§3.10), so the listener is registered
 * once per client and event and forwards to the current handler only while mounted.
 */
export function useAppEvent(
  client: Pick<FreshworksClient, 'events'>,
  event: string,
  handler: ((event?: FreshworksEvent) => void) | null,
): void {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => {
    let mounted = true;
    client.events.on(event, (payload) => {
      if (mounted) latest.current?.(payload);
    });
    return () => {
      mounted = false;
    };
  }, [client, event]);
}
