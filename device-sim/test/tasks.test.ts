// A dispatched task handled by a simulated officer from acknowledgement to resolved, along the
// streets; and a task the officer leaves unanswered is escalated by the server's ack timer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TaskDetail } from '@fcc/shared';
import {
  ADMIN_PASSWORD,
  startSim,
  startSimServer,
  waitFor,
  type SimServer,
  type SimProcess,
} from './helpers/sim-server';

describe('device-sim handles tasks', () => {
  let server: SimServer;
  let dir: string;
  let sim: SimProcess | undefined;

  beforeAll(async () => {
    server = await startSimServer({ TASK_ACK_TIMEOUT_SECONDS: '3', TASK_TIMER_CHECK_MS: '500' });
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'fcc-sim-'));
  });
  afterAll(async () => {
    if (sim && sim.child.exitCode === null) await sim.interrupt();
    await server?.close();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  const officerIdOf = async (badgeNo: string) =>
    (await server.query<{ id: string }>('SELECT id FROM officers WHERE badge_no = $1', [badgeNo]))[0]!.id;
  const latestOf = (officerId: string) =>
    server
      .query<{ lat: number; lon: number }>(
        'SELECT ST_Y(geom) AS lat, ST_X(geom) AS lon FROM latest_positions WHERE officer_id = $1',
        [officerId],
      )
      .then((rows) => rows[0]);

  it('acknowledges, goes there along the streets, arrives and resolves with a note', async () => {
    sim = startSim([
      '--server',
      server.url,
      '--officers',
      '2',
      '--admin-password',
      ADMIN_PASSWORD,
      '--tokens',
      path.join(dir, 'tokens.json'),
      '--mobility',
      'motorbike',
      '--fix-interval',
      '0.5',
      '--upload-interval',
      '0.5',
      '--ack-delay',
      '0.2-0.5',
      '--scene-time',
      '0.5-1',
      '--decline',
      '0',
      '--duration',
      '100s',
    ]);
    const officerId = await officerIdOf('0401001');
    const at = await waitFor('a first position', () => latestOf(officerId), 30_000, sim.output);
    // Recommended: on duty (the simulator's shift), fresh fix.
    const task = await server.api<{ id: string }>('POST', '/api/tasks', {
      category: 'street-vending',
      priority: 'high',
      description: 'Stall blocking the pavement (simulated)',
      location: { lat: at.lat + 0.0015, lon: at.lon + 0.001 },
    });
    const recommended = await server.api<{ officerId: string }[]>(
      'GET',
      `/api/tasks/${task.id}/recommendations`,
    );
    expect(recommended.map((r) => r.officerId)).toContain(officerId);
    await server.api('POST', `/api/tasks/${task.id}/dispatch`, { officerIds: [officerId] });

    const done = await waitFor(
      'the task resolved',
      async () => {
        const detail = await server.api<TaskDetail>('GET', `/api/tasks/${task.id}`);
        return detail.state === 'resolved' && detail;
      },
      90_000,
      sim.output,
    );
    expect(done.events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['dispatched', 'acknowledged', 'en-route', 'arrived', 'resolved']),
    );
    const resolved = done.events.find((e) => e.type === 'resolved')!;
    expect(resolved.actorOfficerId).toBe(officerId);
    expect(JSON.stringify(resolved.data)).toContain('simulated');
    // It arrived where the task is: its last fix then was within GPS error of the location.
    const arrived = done.events.find((e) => e.type === 'arrived')!;
    const [near] = await server.query<{ metres: number }>(
      `SELECT ST_Distance(geom::geography, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography) AS metres
       FROM positions WHERE officer_id = $3 AND fix_time <= $4 ORDER BY fix_time DESC LIMIT 1`,
      [done.location.lon, done.location.lat, officerId, arrived.at],
    );
    expect(near!.metres).toBeLessThan(60);
  });

  it('leaves a task unanswered when told to decline all, and the server escalates it', async () => {
    await sim?.interrupt();
    sim = startSim([
      '--server',
      server.url,
      '--officers',
      '1',
      '--admin-password',
      ADMIN_PASSWORD,
      '--tokens',
      path.join(dir, 'tokens.json'),
      '--decline',
      '1',
      '--duration',
      '60s',
    ]);
    const officerId = await officerIdOf('0401001');
    await waitFor('the officer on duty', async () =>
      (await server.api<{ officerId: string }[]>('GET', '/api/duty')).some((d) => d.officerId === officerId),
    );
    const task = await server.api<{ id: string }>('POST', '/api/tasks', {
      category: 'street-vending',
      priority: 'normal',
      description: 'Nobody answers this one (simulated)',
      location: { lat: 40.8183, lon: 111.6708 },
    });
    await server.api('POST', `/api/tasks/${task.id}/dispatch`, { officerIds: [officerId] });
    const escalated = await waitFor(
      'the escalation',
      async () => (await server.api<TaskDetail>('GET', `/api/tasks/${task.id}`)).escalatedAt,
      30_000,
      sim.output,
    );
    expect(escalated).toBeTruthy();
    await waitFor('the decline in the log', async () => sim!.output().includes('unanswered'));
    expect(await sim.interrupt()).toBe(0);
  });
});
