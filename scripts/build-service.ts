/**
 * Builds the service into dist/ (ADR 0019): every file tsconfig.build.json names, TypeScript
 * transpiled one file at a time by SWC (the same transform the tests run), JSON copied, with source
 * maps beside the output, in the layout `tsc -p tsconfig.build.json` writes. It does not type-check:
 * `npm run typecheck` does, and CI runs it before the tests.
 *
 *   npx tsx scripts/build-service.ts [outDir]     (default dist; `npm run build` runs it)
 */
import { transformFile, type Options } from '@swc/core';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

const ROOT = resolve(__dirname, '..');
const CONFIG = join(ROOT, 'tsconfig.build.json');

/** tsconfig.json's emit settings, in SWC's words (decorator metadata for NestJS included). */
const SWC_OPTIONS: Options = {
  swcrc: false,
  configFile: false,
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
  sourceMaps: true,
};

/** The files `tsc -p tsconfig.build.json` would emit, with their paths relative to the repo. */
export function buildInputs(): string[] {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    CONFIG,
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    },
  );
  if (parsed === undefined || parsed.errors.length > 0) {
    const messages = (parsed?.errors ?? []).map((d) =>
      ts.flattenDiagnosticMessageText(d.messageText, '\n'),
    );
    throw new Error(`tsconfig.build.json: ${messages.join('; ') || 'unreadable'}`);
  }
  return parsed.fileNames
    .filter((file) => !file.endsWith('.d.ts'))
    .map((file) => relative(ROOT, file))
    .sort();
}

async function emit(file: string, outDir: string): Promise<void> {
  const source = join(ROOT, file);
  if (file.endsWith('.json')) {
    const target = join(outDir, file);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(source, target);
    return;
  }
  const target = join(outDir, file.replace(/\.ts$/, '.js'));
  const output = await transformFile(source, {
    ...SWC_OPTIONS,
    filename: source,
    outputPath: target,
    sourceFileName: relative(dirname(target), source),
  });
  mkdirSync(dirname(target), { recursive: true });
  const mapName = `${target}.map`;
  writeFileSync(
    target,
    `${output.code.trimEnd()}\n//# sourceMappingURL=${relative(dirname(target), mapName)}\n`,
  );
  if (output.map !== undefined) {
    writeFileSync(mapName, output.map);
  }
}

export async function buildService(outDir: string): Promise<number> {
  const files = buildInputs();
  // only what this build writes: the dashboard's folder beside it belongs to build-dashboard.ts
  for (const top of new Set(files.map((file) => file.split('/')[0] as string))) {
    rmSync(join(outDir, top), { recursive: true, force: true });
  }
  await Promise.all(files.map((file) => emit(file, outDir)));
  return files.length;
}

if (require.main === module) {
  const outDir = resolve(ROOT, process.argv[2] ?? 'dist');
  const started = Date.now();
  buildService(outDir).then(
    (count) =>
      process.stdout.write(
        `built ${count} files into ${relative(ROOT, outDir) || '.'} in ${Date.now() - started} ms\n`,
      ),
    (err: unknown) => {
      process.stderr.write(`build failed: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(1);
    },
  );
}
