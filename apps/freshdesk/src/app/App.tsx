// Dispatches on the app's location (client.instance.context(), freshdesk.md §3.10) through a map.
import { useEffect, useState } from 'react';
import type { ComponentType } from 'react';
import { useClient } from './hooks/useClient.ts';
import { TicketSidebar } from './locations/TicketSidebar.tsx';

const LOCATIONS: Readonly<Record<string, ComponentType>> = {
  ticket_sidebar: TicketSidebar,
};

export function App() {
  const client = useClient();
  const [location, setLocation] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    client.instance.context().then(
      (context) =>
        current &&
        setLocation(typeof context.location === 'string' ? context.location : 'ticket_sidebar'),
      // The manifest declares only ticket_sidebar; without a context that is where the app is.
      () => current && setLocation('ticket_sidebar'),
    );
    return () => {
      current = false;
    };
  }, [client]);
  if (location === null) return null;
  const Location = LOCATIONS[location];
  return Location === undefined ? null : <Location />;
}
