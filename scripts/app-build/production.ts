// The Vite options that make both sidebar apps' builds production builds, whatever NODE_ENV the build runs under.

/**
 * Spread into Vite's `build()` config. A test runner sets NODE_ENV=test, and Vite would then
 * bundle React's development build (react.development.js, its "Warning: ..." checks) and the
 * development JSX runtime: `define` and `oxc.jsx.development` pin production instead.
 */
export const PRODUCTION_BUILD = {
  mode: 'production',
  define: { 'process.env.NODE_ENV': JSON.stringify('production') },
  oxc: { jsx: { runtime: 'automatic', development: false } },
} as const;

/**
 * The Vite options both apps build with: production (`PRODUCTION_BUILD`), relative asset URLs
 * (the helpdesk serves the app from a path of its own), no config file, quiet on request.
 */
export function sidebarAppBuild(options: { readonly root: string; readonly quiet?: boolean }) {
  return {
    ...PRODUCTION_BUILD,
    root: options.root,
    base: './',
    configFile: false,
    logLevel: options.quiet === true ? 'warn' : 'info',
  } as const;
}

/** Traces a development React build leaves in a bundle; a production bundle has none of them. */
export const REACT_DEVELOPMENT_MARKERS: readonly string[] = ['react.development', 'Warning: '];

/** The markers of React's development build found in `code` (empty for a production bundle). */
export function reactDevelopmentMarkers(code: string): string[] {
  return REACT_DEVELOPMENT_MARKERS.filter((marker) => code.includes(marker));
}
