// Keeps the sidebar iframe as tall as its content (`client.invoke('resize', ...)`, zendesk.md §4.3).
import { useResizeToContent as useResizeWith } from '@smsbridge/sidebar';
import { useCallback } from 'react';
import type { RefObject } from 'react';
import type { ZafClient } from '../zaf/zaf-client.ts';

export function useResizeToContent(client: Pick<ZafClient, 'invoke'>): RefObject<HTMLDivElement> {
  const resize = useCallback(
    (height: number) => client.invoke('resize', { width: '100%', height: `${height}px` }),
    [client],
  );
  return useResizeWith<HTMLDivElement>(resize);
}
