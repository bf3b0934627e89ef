// Keeps a sidebar iframe as tall as its content, through whichever resize call the helpdesk gives the app.
import { useEffect, useRef } from 'react';
import type { RefObject } from 'react';

/** What the hook reads of the element (the package compiles without the DOM library). */
export interface MeasurableElement {
  getBoundingClientRect(): { readonly height: number };
}

type ResizeObserverClass = new (callback: () => void) => {
  observe(target: unknown): void;
  disconnect(): void;
};

/**
 * A ref for the sidebar's outermost element. `resize(heightPx)` gets its height in whole pixels,
 * at most `maxHeightPx`, on mount and whenever it changes (not again for the same height). A
 * resize the host rejects is ignored: the frame keeps its last height.
 *
 * @example const ref = useResizeToContent<HTMLDivElement>(useCallback((h) => client.invoke('resize', { height: `${h}px` }), [client]));
 */
export function useResizeToContent<Element extends MeasurableElement>(
  resize: (heightPx: number) => unknown,
  maxHeightPx: number = Number.POSITIVE_INFINITY,
): RefObject<Element> {
  const ref = useRef<Element>(null);
  useEffect(() => {
    const element = ref.current;
    if (element === null) return undefined;
    let lastHeight = -1;
    const measure = (): void => {
      const height = Math.min(Math.ceil(element.getBoundingClientRect().height), maxHeightPx);
      if (height === lastHeight) return;
      lastHeight = height;
      void Promise.resolve(resize(height)).catch(() => undefined);
    };
    measure();
    const Observer = (globalThis as { ResizeObserver?: ResizeObserverClass }).ResizeObserver;
    if (Observer === undefined) return undefined;
    const observer = new Observer(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [resize, maxHeightPx]);
  return ref;
}
