// Entry point of the iframe: initialises the bundled ZAF SDK and mounts the app; unmounts on app.willDestroy.
// Garden's base styles (system font stack, 14px, resets) that Garden components assume on the page;
// app_scaffolds' React package depends on them too (style-models.md §f). Vite emits assets/iframe.css.
import '@zendeskgarden/css-bedrock/dist/index.css';
import './iframe.css';
import ZAFClient from 'zendesk_app_framework_sdk';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { ClientProvider } from './contexts/ClientProvider.tsx';
import { createTranslator } from './i18n.ts';
import type { ZafClient } from './zaf/zaf-client.ts';

const container = document.getElementById('root');
if (container !== null) {
  const client = ZAFClient.init() as ZafClient | false;
  const root = createRoot(container);
  if (client !== false) {
    // Unmounting runs every effect cleanup, which removes every ZAF listener the app added.
    client.on('app.willDestroy', () => root.unmount());
  }
  root.render(
    <StrictMode>
      <ClientProvider client={client} outsideZendesk={createTranslator('en')('outside_zendesk')}>
        <App />
      </ClientProvider>
    </StrictMode>,
  );
}
