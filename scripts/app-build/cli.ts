// Command-line plumbing of the sidebar apps' build and package scripts.

/** The value after `--name` on the command line, or undefined. */
export function argument(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index === -1 ? undefined : process.argv[index + 1];
}

/** Whether the module at `moduleUrl` (its `import.meta.url`) is the script node was started with. */
export function isMainModule(moduleUrl: string): boolean {
  return process.argv[1] !== undefined && moduleUrl.endsWith(process.argv[1].replace(/\\/g, '/'));
}
