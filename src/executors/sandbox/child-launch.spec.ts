import { CHILD_ENV_ALLOW_LIST, describeChildLaunch, pickChildEnv, readArg } from './child-launch';

describe('describeChildLaunch', () => {
  const tsx = () => '/deps/tsx/dist/loader.mjs';

  it("forks the TypeScript child through tsx, with the repository's tsconfig, when running from source", () => {
    const launch = describeChildLaunch(
      { maxOldSpaceMb: 256 },
      '/app/src/executors/sandbox/child-launch.ts',
      tsx,
    );

    expect(launch.modulePath).toMatch(/sandbox-child\.ts$/);
    expect(launch.execArgv).toEqual([
      '--import',
      'file:///deps/tsx/dist/loader.mjs',
      '--max-old-space-size=256',
    ]);
    // The child's working directory is empty: tsx must not look for a tsconfig.json from there.
    expect(launch.env).toEqual({ TSX_TSCONFIG_PATH: '/app/tsconfig.json' });
  });

  it('forks the compiled child with plain node in the build', () => {
    const launch = describeChildLaunch({ maxOldSpaceMb: 128 }, '/app/dist/x/child-launch.js', tsx);

    expect(launch.modulePath).toMatch(/sandbox-child\.js$/);
    expect(launch.execArgv).toEqual(['--max-old-space-size=128']);
    expect(launch.env).toEqual({});
  });

  it('passes the parent pid, the loaders module and the RSS reporting period as arguments', () => {
    const launch = describeChildLaunch(
      { maxOldSpaceMb: 64, loadersModule: '/t/loaders.ts', reportRssEveryMs: 75 },
      '/app/x.ts',
      tsx,
    );

    expect(readArg(launch.args, '--parent-pid=')).toBe(String(process.pid));
    expect(readArg(launch.args, '--loaders=')).toBe('/t/loaders.ts');
    expect(readArg(launch.args, '--report-rss-ms=')).toBe('75');
  });
});

describe('pickChildEnv', () => {
  it('keeps only allow-listed variables, plus the extra ones given', () => {
    const env = pickChildEnv(
      { PATH: '/bin', HOME: '/root', WORKER_SEED: '0xsecret', DATABASE_URL: 'postgres://u:p@h/db' },
      { OMP_NUM_THREADS: '1' },
    );

    expect(env).toEqual({ PATH: '/bin', HOME: '/root', OMP_NUM_THREADS: '1' });
  });

  it('never allow-lists NODE_OPTIONS, which could carry --inspect or --require', () => {
    expect(CHILD_ENV_ALLOW_LIST).not.toContain('NODE_OPTIONS');
    expect(pickChildEnv({ NODE_OPTIONS: '--inspect' })).toEqual({});
  });
});
