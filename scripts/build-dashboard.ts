/**
 * Builds the operator dashboard (web/) into one folder the service serves at `/` (ADR 0015):
 * index.html, app.js (Preact + uPlot + the pages), app.css, and the chunk that verifies
 * attestations (src/attestation + @polkadot/wasm-crypto), loaded only when it is used.
 *
 *   npx tsx scripts/build-dashboard.ts [outDir]     (default dist/dashboard; `npm run build` runs it)
 *
 * platform 'browser': a Node built-in anywhere in the graph fails the build, so the bundle cannot
 * pull Node-only modules.
 */
import { build, type Metafile } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const ROOT = resolve(__dirname, '..');

export interface DashboardFile {
  readonly name: string;
  readonly bytes: number;
  readonly gzipBytes: number;
}

export interface DashboardBuild {
  readonly outDir: string;
  readonly files: readonly DashboardFile[];
}

export async function buildDashboard(outDir: string): Promise<DashboardBuild> {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { app: 'web/main.tsx' },
    outdir: outDir,
    entryNames: '[name]',
    chunkNames: 'chunk-[hash]',
    assetNames: '[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022'],
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    tsconfig: 'web/tsconfig.json',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    define: { 'process.env.NODE_ENV': '"production"' },
    metafile: true,
    logLevel: 'warning',
  });
  copyFileSync(join(ROOT, 'web/index.html'), join(outDir, 'index.html'));
  return { outDir, files: filesOf(result.metafile, outDir) };
}

function filesOf(metafile: Metafile, outDir: string): DashboardFile[] {
  const names = [
    ...Object.keys(metafile.outputs).map((p) => p.split('/').at(-1) ?? p),
    'index.html',
  ];
  return names.sort().map((name) => {
    const bytes = readFileSync(join(outDir, name));
    return { name, bytes: bytes.length, gzipBytes: gzipSync(bytes).length };
  });
}

/** `app.js 52.1 KiB (18.0 KiB gzip)` lines and the total. */
export function describeBuild(built: DashboardBuild): string {
  const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  const lines = built.files.map((f) => `  ${f.name} ${kib(f.bytes)} (${kib(f.gzipBytes)} gzip)`);
  const total = built.files.reduce((t, f) => ({ b: t.b + f.bytes, g: t.g + f.gzipBytes }), {
    b: 0,
    g: 0,
  });
  return [
    `dashboard built in ${built.outDir}:`,
    ...lines,
    `  total ${kib(total.b)} (${kib(total.g)} gzip)`,
  ].join('\n');
}

if (require.main === module) {
  buildDashboard(resolve(ROOT, process.argv[2] ?? 'dist/dashboard')).then(
    (built) => console.log(describeBuild(built)),
    (err: unknown) => {
      console.error(err);
      process.exitCode = 1;
    },
  );
}
