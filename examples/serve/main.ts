// `npm run demo -- --serve [--port=3000]`: serves the demo page, the reference app and Truecaller's simulator on
// 127.0.0.1, prints the page's URL and narrates each step; Ctrl-C (SIGINT) or SIGTERM stops everything.
import { serveDemo } from './server.js';

export async function main(argv: readonly string[] = process.argv): Promise<void> {
  const port = Number(argv.find((arg) => arg.startsWith('--port='))?.slice('--port='.length) ?? 0);
  const began = performance.now();
  const demo = await serveDemo({
    port,
    log: (line) => console.log(`[${String(Math.round(performance.now() - began)).padStart(6)} ms] ${line}`),
  });
  console.log(`\nOpen ${demo.url} (Ctrl-C stops the demo)\n`);
  const stop = (signal: NodeJS.Signals) => {
    console.log(`\n${signal}: stopping`);
    demo.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
