// Types for the untyped `zendesk_app_framework_sdk` package (lib/index.js: `ZAFClient.init`).
declare module 'zendesk_app_framework_sdk' {
  const ZAFClient: {
    /** A client (see zaf-client.ts), or false outside Zendesk (no `origin`/`app_guid` in the iframe URL). */
    init(callback?: (context: unknown) => void): unknown;
  };
  export default ZAFClient;
}
