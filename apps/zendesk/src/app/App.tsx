// Dispatches on the ZAF location through a map, inside Garden's theme (app_scaffolds App.jsx).
import { ThemeProvider } from '@zendeskgarden/react-theming';
import { Suspense, lazy, useEffect, useState } from 'react';
import type { ComponentType, LazyExoticComponent } from 'react';
import { useClient } from './hooks/useClient.ts';

const LOCATIONS: Readonly<Record<string, LazyExoticComponent<ComponentType> | (() => null)>> = {
  ticket_sidebar: lazy(() =>
    import('./locations/TicketSideBar.tsx').then((module) => ({ default: module.TicketSideBar })),
  ),
  default: () => null,
};

export function App() {
  const client = useClient();
  const [location, setLocation] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    void client.context().then((context) => current && setLocation(context.location));
    return () => {
      current = false;
    };
  }, [client]);
  if (location === null) return null;
  const Location = LOCATIONS[location] ?? LOCATIONS.default ?? (() => null);
  return (
    <ThemeProvider>
      <Suspense fallback={null}>
        <Location />
      </Suspense>
    </ThemeProvider>
  );
}
