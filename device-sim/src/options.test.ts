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
});
