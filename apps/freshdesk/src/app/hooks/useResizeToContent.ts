// Keeps the sidebar iframe as tall as its content, up to the platform's 700 px (freshdesk.md §3.10).
import { useEffect, useRef } from 'react';
import type { RefObject } from 'react';
import type { FreshworksClient } from '../fdk/freshworks-client.ts';

/** `client.instance.resize({ height })` allows at most 700 px; taller content scrolls inside. */
export const MAX_SIDEBAR_HEIGHT_PX = 700;

export function useResizeToContent(
  client: Pick<FreshworksClient, 'instance'>,
): RefObject<HTMLDivElement> {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = ref.current;
    if (element === null) return undefined;
    let lastHeight = -1;
    const resize = (): void => {
      const height = Math.min(
        Math.ceil(element.getBoundingClientRect().height),
        MAX_SIDEBAR_HEIGHT_PX,
      );
      if (height === lastHeight) return;
      lastHeight = height;
      void Promise.resolve(client.instance.resize({ height: `${height}px` })).catch(
        () => undefined,
      );
    };
    resize();
    if (typeof ResizeObserver === 'undefined') return undefined;
    const observer = new ResizeObserver(resize);
    observer.observe(element);
    return () => observer.disconnect();
  }, [client]);
  return ref;
}
