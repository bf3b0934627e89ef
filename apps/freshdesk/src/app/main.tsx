// Entry point of the iframe: waits for the Freshworks client (`app.initialized()`, freshdesk.md §3.10) and mounts the app.
// Crayons' global styles (type scale, utilities) for the native Freshdesk look; bundled, not from a CDN.
import '@freshworks/crayons/css/crayons-min.css';
import './app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { ClientProvider } from './contexts/ClientProvider.tsx';
import type { FreshworksApp } from './fdk/freshworks-client.ts';
import { createTranslator } from './i18n.ts';

const container = document.getElementById('root');
if (container !== null) {
  const root = createRoot(container);
  // Defined by the `{{{appclient}}}` script the platform injects into index.html (§3.2).
  const freshworks = (globalThis as { app?: FreshworksApp }).app;
  if (freshworks === undefined) {
    root.render(<p className="fw-type-sm">{createTranslator('en')('outside_freshdesk')}</p>);
  } else {
    void freshworks.initialized().then((client) =>
      root.render(
        <StrictMode>
          <ClientProvider client={client}>
            <App />
          </ClientProvider>
        </StrictMode>,
      ),
    );
  }
}
