// Type declarations for the parts of nlp.js v4 the intent classifier uses (the packages ship none).
declare module '@nlpjs/core' {
  export interface NlpjsContainer {
    use(plugin: unknown): void;
    get(name: string, settings?: Record<string, unknown>): unknown;
    registerConfiguration(
      tag: string,
      configuration: Record<string, unknown>,
      overwrite?: boolean,
    ): void;
  }
  export function containerBootstrap(settings?: Record<string, unknown>): Promise<NlpjsContainer>;
}

declare module '@nlpjs/nlp' {
  export const Nlp: unknown;
}

declare module '@nlpjs/lang-en-min' {
  export const LangEn: unknown;
}

declare module '@nlpjs/lang-es' {
  export const LangEs: unknown;
}
