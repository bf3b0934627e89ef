// @vitest-environment happy-dom
import { act, render } from '@testing-library/react';
import { createElement } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useResizeToContent } from './use-resize-to-content.ts';
import type { MeasurableElement } from './use-resize-to-content.ts';

/** A ResizeObserver that the test fires by hand. */
function fakeResizeObserver() {
  const observers: { callback: () => void; disconnected: boolean }[] = [];
  vi.stubGlobal(
    'ResizeObserver',
    class {
      readonly entry: { callback: () => void; disconnected: boolean };
      constructor(callback: () => void) {
        this.entry = { callback, disconnected: false };
        observers.push(this.entry);
      }
      observe(): void {}
      disconnect(): void {
        this.entry.disconnected = true;
      }
    },
  );
  return observers;
}

/** The sidebar's root element: a div whose measured height the test sets. */
function renderSidebar(resize: (height: number) => unknown, maxHeightPx?: number) {
  const size = { height: 0 };
  function Sidebar() {
    const ref = useResizeToContent<MeasurableElement>(resize, maxHeightPx);
    return createElement('div', {
      ref: (element: MeasurableElement | null) => {
        if (element !== null) element.getBoundingClientRect = () => ({ height: size.height });
        (ref as { current: MeasurableElement | null }).current = element;
      },
    });
  }
  return { size, Sidebar };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('useResizeToContent', () => {
  it('asks for the content height in whole pixels, again only when it changes, and stops on unmount', () => {
    const observers = fakeResizeObserver();
    const resize = vi.fn();
    const { size, Sidebar } = renderSidebar(resize);
    size.height = 240.2;
    const { unmount } = render(createElement(Sidebar));
    expect(resize.mock.calls).toEqual([[241]]);
    act(() => observers[0]?.callback());
    expect(resize).toHaveBeenCalledTimes(1);
    size.height = 1200;
    act(() => observers[0]?.callback());
    expect(resize).toHaveBeenLastCalledWith(1200);
    unmount();
    expect(observers[0]?.disconnected).toBe(true);
  });

  it('never asks for more than the helpdesk allows (Freshdesk: 700 px)', () => {
    const observers = fakeResizeObserver();
    const resize = vi.fn();
    const { size, Sidebar } = renderSidebar(resize, 700);
    size.height = 1200;
    render(createElement(Sidebar));
    size.height = 900;
    act(() => observers[0]?.callback());
    expect(resize.mock.calls).toEqual([[700]]);
  });

  it('keeps going when the helpdesk refuses a resize', async () => {
    const observers = fakeResizeObserver();
    const resize = vi.fn(() => Promise.reject(new Error('not allowed here')));
    const { size, Sidebar } = renderSidebar(resize);
    size.height = 100;
    render(createElement(Sidebar));
    size.height = 150;
    act(() => observers[0]?.callback());
    await Promise.resolve();
    expect(resize.mock.calls).toEqual([[100], [150]]);
  });
});
