import { describe, expect, it } from 'vitest';
import { parseDuration, parseOptions, parseScenario, UsageError } from './options';

describe('options', () => {
  it('reads durations and scenarios', () => {
    expect(parseDuration('90s', 'x')).toBe(90);
    expect(parseDuration('10m', 'x')).toBe(600);
    expect(parseDuration('0.5', 'x')).toBe(0.5);
    expect(parseScenario('sos:0401001@30s')).toEqual({ kind: 'sos', officer: '0401001', atSeconds: 30 });
    expect(parseScenario('dead-zone:0401001,0401002@1m-2m')).toEqual({
      kind: 'dead-zone',
      officers: ['0401001', '0401002'],
      fromSeconds: 60,
      toSeconds: 120,
    });
    expect(parseScenario('dead-zone-area:111.67,40.82,300')).toMatchObject({ radiusMetres: 300 });
    expect(() => parseScenario('dead-zone@5s-2s')).toThrow(UsageError);
    expect(() => parseScenario('earthquake')).toThrow(/unknown scenario/);
  });

  it('takes the admin password from the environment and refuses nonsense with a message', () => {
    const options = parseOptions(['--officers', '4'], { ADMIN_PASSWORD: 'pw-from-env' }, '/repo', false);
    expect(options).toMatchObject({ officers: 4, admin: { username: 'admin', password: 'pw-from-env' } });
    expect(options !== 'help' && options.tokensFile).toBe('/repo/data/demo-device-tokens.json');
    expect(() => parseOptions(['--officers', 'many'], {}, '/repo', false)).toThrow(/--officers must be/);
    expect(() => parseOptions(['--bogus'], {}, '/repo', false)).toThrow(UsageError);
  });

  it('reads the video options and refuses combinations that cannot work', () => {
    const defaults = parseOptions([], {}, '/repo', false);
    expect(defaults !== 'help' && defaults.video).toEqual({
      cameras: 0,
      mode: 'on-request',
      transport: 'whip',
      cacheDir: '/repo/data/sim-video',
    });
    const options = parseOptions(
      ['--officers', '16', '--video', '4', '--video-mode', 'always', '--video-transport', 'rtmp'],
      { ADMIN_PASSWORD: 'pw', DATA_DIR: '/data' },
      '/repo',
      false,
    );
    expect(options !== 'help' && options.video).toEqual({
      cameras: 4,
      mode: 'always',
      transport: 'rtmp',
      cacheDir: '/data/sim-video',
    });
    expect(() => parseOptions(['--video-mode', 'sometimes'], {}, '/repo', false)).toThrow(
      /--video-mode must be on-request or always/,
    );
    expect(() => parseOptions(['--officers', '2', '--video', '3'], {}, '/repo', false)).toThrow(
      /--video 3 is more than the 2 officers/,
    );
    expect(() => parseOptions(['--video', '1', '--video-transport', 'rtmp'], {}, '/repo', false)).toThrow(
      /rtmp needs the administrator password/,
    );
    expect(() => parseOptions(['--load', '--video', '1'], {}, '/repo', false)).toThrow(/GPS only/);
  });
});
