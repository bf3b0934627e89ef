// Provides the ZAF client once Zendesk has registered the app; renders nothing before (app_scaffolds ClientProvider).
import { createContext, useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import type { ZafClient } from '../zaf/zaf-client.ts';

export const ClientContext = createContext<ZafClient | null>(null);

export interface ClientProviderProps {
  /** The client from `ZAFClient.init()`, or false outside Zendesk. */
  readonly client: ZafClient | false;
  /** Shown when the page is opened outside Zendesk, where no host will ever register the app. */
  readonly outsideZendesk: ReactNode;
  readonly children: ReactNode;
}

export function ClientProvider({ client, outsideZendesk, children }: ClientProviderProps) {
  const [registered, setRegistered] = useState(false);
  useEffect(() => {
    if (client === false) return undefined;
    let current = true;
    // Not `on('app.registered')` as app_scaffolds does: a host that answers the handshake before
    // this effect runs would be missed and the app would stay blank. `context()` resolves at once
    // when the app is already registered, else on `app.registered` (SDK lib/client.js `context`).
    void client.context().then(() => current && setRegistered(true));
    return () => {
      current = false;
    };
  }, [client]);
  if (client === false) return <>{outsideZendesk}</>;
  if (!registered) return null;
  return <ClientContext.Provider value={client}>{children}</ClientContext.Provider>;
}
