// The simulator against a real command centre: a small fleet's fixes are stored, an SOS raises an
// alert, a device speaking OsmAnd is stored too, a dead zone is backfilled with nothing lost, and
// a bad token makes the CLI exit non-zero.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ackedOfTaken, ADMIN_PASSWORD, startSim, startSimServer, type SimServer } from './helpers/sim-server';

describe('device-sim against a real server', () => {
  let server: SimServer;
  let dir: string;

  beforeAll(async () => {
    server = await startSimServer();
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'fcc-sim-'));
  });
  afterAll(async () => {
    await server?.close();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  const fast = ['--fix-interval', '0.5', '--upload-interval', '0.5'];
  const storedPerDevice = async () =>
    Object.fromEntries(
      (
        await server.query<{ uniqueId: string; count: number }>(
          `SELECT d.unique_id AS "uniqueId", count(*)::int AS count
           FROM positions p JOIN devices d ON d.id = p.device_id GROUP BY d.unique_id`,
        )
      ).map((row) => [row.uniqueId, row.count]),
    );

  it('runs a fleet with admin credentials: tokens issued and saved, every fix stored, SOS raised, OsmAnd device stored, shifts removed after', async () => {
    // A server without a roster (the demo town seeds one): the simulator puts its officers on duty.
    await server.query('DELETE FROM duty_shifts');
    await server.query("UPDATE officers SET status = 'off_duty'");
    const tokens = path.join(dir, 'tokens.json');
    const sim = startSim([
      '--server',
      server.url,
      '--officers',
      '3',
      '--admin-password',
      ADMIN_PASSWORD,
      '--tokens',
      tokens,
      '--duration',
      '6s',
      ...fast,
      '--scenario',
      'sos:0401001@1s',
      '--scenario',
      'osmand:0401003',
      '--osmand-url',
      server.osmandUrl,
    ]);
    const code = await sim.exited;
    const output = sim.output();
    expect(code, output).toBe(0);

    const { acked, taken } = ackedOfTaken(output);
    expect(taken).toBeGreaterThan(20); // 3 devices × ~12 fixes
    expect(acked).toBe(taken);
    const stored = await storedPerDevice();
    expect(Object.keys(stored).sort()).toEqual(['BC-0401001', 'BC-0401002', 'BC-0401003']);
    expect(Object.values(stored).reduce((a, b) => a + b, 0)).toBe(taken);

    // The tokens the simulator issued are saved for next time, readable by the owner only.
    const saved = JSON.parse(await fs.readFile(tokens, 'utf8')) as Record<string, string>;
    expect(Object.keys(saved).sort()).toEqual(['BC-0401001', 'BC-0401002', 'BC-0401003']);
    expect((await fs.stat(tokens)).mode & 0o777).toBe(0o600);

    const alerts = await server.api<{ kind: string; message: string }[]>('GET', '/api/alerts');
    expect(alerts.some((alert) => alert.kind === 'sos')).toBe(true);
    expect(output).toContain('SOS sent');

    // On duty while it ran; its shifts are gone after.
    expect(output).toContain('put 3 officer(s) without a current shift on duty');
    expect(await server.query('SELECT 1 FROM duty_shifts')).toHaveLength(0);
    expect(output).toContain('set 3 officer(s) from off duty to available');
    expect(await server.query("SELECT 1 FROM officers WHERE status <> 'off_duty'")).toHaveLength(0);
  });

  it('backfills a 4G dead zone on reconnect with nothing lost', async () => {
    await server.query('TRUNCATE positions, latest_positions');
    const sim = startSim([
      '--server',
      server.url,
      '--officers',
      '2',
      '--admin-password',
      ADMIN_PASSWORD,
      '--tokens',
      path.join(dir, 'tokens.json'),
      '--duration',
      '8s',
      ...fast,
      '--scenario',
      'dead-zone@2s-5s',
    ]);
    const code = await sim.exited;
    const output = sim.output();
    expect(code, output).toBe(0);
    expect(output).toContain('no 4G (dead zone)');
    expect(output).toContain('4G back');

    const { acked, taken } = ackedOfTaken(output);
    expect(acked).toBe(taken);
    const stored = await storedPerDevice();
    expect(Object.values(stored).reduce((a, b) => a + b, 0)).toBe(taken);

    // Fixes taken in the dead zone reached the server only later, and none is missing: at 0.5 s
    // a device has no gap over 1.5 s between consecutive fixes.
    const late = await server.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM positions WHERE server_time - fix_time > interval '1.5 seconds'",
    );
    expect(late[0]!.n).toBeGreaterThanOrEqual(8);
    const gaps = await server.query<{ gap: number }>(
      `SELECT max(gap)::float8 AS gap FROM (
         SELECT extract(epoch FROM fix_time - lag(fix_time) OVER (PARTITION BY device_id ORDER BY fix_time)) AS gap
         FROM positions) g`,
    );
    expect(gaps[0]!.gap).toBeLessThan(1.5);
  });

  it('signs in with the tokens the server wrote on first start, without admin credentials', async () => {
    const tokens = path.join(dir, 'demo-tokens.json');
    await fs.writeFile(tokens, JSON.stringify(server.demoDeviceTokens));
    // The first test replaced the tokens of the first three officers: use the fourth's.
    const sim = startSim([
      '--server',
      server.url,
      '--officers',
      '1',
      '--tokens',
      tokens,
      '--duration',
      '2s',
      ...fast,
    ]);
    const code = await sim.exited;
    const output = sim.output();
    expect(code, output).toBe(0);
    expect(output).toContain('no administrator credentials');
    expect((await storedPerDevice())['BC-0401004']).toBeGreaterThan(0);
  });

  it('exits non-zero with the reason when the server refuses the token', async () => {
    const tokens = path.join(dir, 'bad-tokens.json');
    await fs.writeFile(tokens, JSON.stringify({ 'BC-0401001': 'fcc_d_not-a-real-token' }));
    const sim = startSim(['--server', server.url, '--officers', '1', '--tokens', tokens, '--duration', '2s']);
    const code = await sim.exited;
    expect(code, sim.output()).toBe(1);
    expect(sim.output()).toMatch(/refused.*401/);
  });
});
