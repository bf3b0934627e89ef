// Keeps the sidebar iframe as tall as its content, up to the platform's 700 px (freshdesk.md §3.10).
import { useResizeToContent as useResizeWith } from '@smsbridge/sidebar';
import { useCallback } from 'react';
import type { RefObject } from 'react';
import type { FreshworksClient } from '../fdk/freshworks-client.ts';

/** `client.instance.resize({ height })` allows at most 700 px; taller content scrolls inside. */
export const MAX_SIDEBAR_HEIGHT_PX = 700;

export function useResizeToContent(
  client: Pick<FreshworksClient, 'instance'>,
): RefObject<HTMLDivElement> {
  const resize = useCallback(
    (height: number) => client.instance.resize({ height: `${height}px` }),
    [client],
  );
  return useResizeWith<HTMLDivElement>(resize, MAX_SIDEBAR_HEIGHT_PX);
}
