// Keeps the sidebar iframe as tall as its content (`client.invoke('resize', ...)`, zendesk.md §4.3).
import { useEffect, useRef } from 'react';
import type { RefObject } from 'react';
import type { ZafClient } from '../zaf/zaf-client.ts';

export function useResizeToContent(client: Pick<ZafClient, 'invoke'>): RefObject<HTMLDivElement> {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = ref.current;
    if (element === null) return undefined;
    let lastHeight = -1;
    const resize = (): void => {
      const height = Math.ceil(element.getBoundingClientRect().height);
      if (height === lastHeight) return;
      lastHeight = height;
      void client.invoke('resize', { width: '100%', height: `${height}px` });
    };
    resize();
    if (typeof ResizeObserver === 'undefined') return undefined;
    const observer = new ResizeObserver(resize);
    observer.observe(element);
    return () => observer.disconnect();
  }, [client]);
  return ref;
}
