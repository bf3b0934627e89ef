// Provides the Freshworks client (resolved by `app.initialized()` in main.tsx) to the app.
import { createContext } from 'react';
import type { ReactNode } from 'react';
import type { FreshworksClient } from '../fdk/freshworks-client.ts';

export const ClientContext = createContext<FreshworksClient | null>(null);

export function ClientProvider({
  client,
  children,
}: {
  readonly client: FreshworksClient;
  readonly children: ReactNode;
}) {
  return <ClientContext.Provider value={client}>{children}</ClientContext.Provider>;
}
