// The ZAF client of the surrounding ClientProvider; throws outside it (app_scaffolds hooks/useClient.js).
import { useContext } from 'react';
import { ClientContext } from '../contexts/ClientProvider.tsx';
import type { ZafClient } from '../zaf/zaf-client.ts';

export function useClient(): ZafClient {
  const client = useContext(ClientContext);
  if (client === null) throw new Error('useClient: used outside a registered ClientProvider');
  return client;
}
