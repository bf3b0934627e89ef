// The Freshworks client of the surrounding ClientProvider; throws outside it.
import { useContext } from 'react';
import { ClientContext } from '../contexts/ClientProvider.tsx';
import type { FreshworksClient } from '../fdk/freshworks-client.ts';

export function useClient(): FreshworksClient {
  const client = useContext(ClientContext);
  if (client === null) throw new Error('useClient: used outside a ClientProvider');
  return client;
}
