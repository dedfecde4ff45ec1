// Who the simulated officers are and how their devices sign in. Tokens come from a file
// ({"<device uniqueId>": "<token>"}, as the server writes for the demo town on first start);
// with administrator credentials, missing or refused tokens are issued through the devices API
// and saved back to the file, load-mode devices are registered, and officers without a current
// shift get one (ended again when the simulator stops). Everything done is logged.
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Device, Officer } from '@fcc/shared';
import type { SimOptions } from './options';
import { ServerApi, ServerRejection } from './server-api';

export interface SimDevice {
  deviceId: string;
  uniqueId: string;
  kind: Device['kind'];
  token: string;
  officer: Pick<Officer, 'id' | 'name' | 'badgeNo'> | null;
}

export interface FleetSetup {
  devices: SimDevice[];
  /** Shifts this run created; deleted when it stops. */
  shiftIds: string[];
  /** Officers this run made available (they were off duty); off duty again when it stops. */
  madeAvailable: string[];
  staff: ServerApi | null;
}

export interface SetupLog {
  info(message: string): void;
  warn(message: string): void;
}

export const LOAD_PREFIX = 'SIM-LOAD-';
const PARALLEL_REQUESTS = 8;

export async function readTokens(file: string): Promise<Record<string, string>> {
  try {
    const parsed: unknown = JSON.parse(await fs.readFile(file, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('expected an object {"<device uniqueId>": "<token>"}');
    return Object.fromEntries(
      Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    );
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new Error(`${file}: ${(error as Error).message}`, { cause: error });
  }
}

async function writeTokens(file: string, tokens: Record<string, string>): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const sorted = Object.fromEntries(Object.entries(tokens).sort(([a], [b]) => a.localeCompare(b)));
  await fs.writeFile(file, JSON.stringify(sorted, null, 2) + '\n', { mode: 0o600 });
  await fs.chmod(file, 0o600);
}

export async function setUpFleet(options: SimOptions, log: SetupLog): Promise<FleetSetup> {
  const api = new ServerApi(options.server);
  const tokens = await readTokens(options.tokensFile);
  const staff = options.admin ? await signIn(api, options.admin) : null;

  const devices = staff
    ? await devicesWithStaff(api, staff, tokens, options, log)
    : await devicesFromTokens(api, tokens, options, log);
  if (devices.length < options.officers) {
    log.warn(
      `asked for ${options.officers} officers, found ${devices.length} device(s) to simulate` +
        (staff ? '' : ` in ${options.tokensFile} (give --admin-password to issue more)`),
    );
  }
  if (devices.length === 0) throw new SetupError(noDevicesHelp(options));

  const duty = staff && !options.load ? await putOnDuty(staff, devices, options, log) : null;
  if (!staff && !options.load) {
    log.warn(
      'no administrator credentials: officers without a duty shift are not offered for dispatch ' +
        '(give --admin-password or set ADMIN_PASSWORD to put them on a shift)',
    );
  }
  return { devices, shiftIds: duty?.shiftIds ?? [], madeAvailable: duty?.madeAvailable ?? [], staff };
}

export class SetupError extends Error {}

function noDevicesHelp(options: SimOptions): string {
  return (
    `no device to simulate: ${options.tokensFile} has no usable token. Either give the ` +
    'administrator password (--admin-password or ADMIN_PASSWORD) so the simulator issues tokens, ' +
    'or write the tokens to that file as {"<device uniqueId>": "<token>"}. ' +
    '(With npm start: set ADMIN_PASSWORD, or SIM=off to run without the simulated fleet.)'
  );
}

async function signIn(api: ServerApi, admin: NonNullable<SimOptions['admin']>): Promise<ServerApi> {
  const session = await api.login(admin.username, admin.password);
  if (session.user.role !== 'administrator' && session.user.role !== 'operator')
    throw new SetupError(`${admin.username} is ${session.user.role}; the simulator needs an administrator`);
  return api.as(session.token);
}

/** Without staff credentials: the devices whose tokens are in the file, asked who they are. */
async function devicesFromTokens(
  api: ServerApi,
  tokens: Record<string, string>,
  options: SimOptions,
  log: SetupLog,
): Promise<SimDevice[]> {
  const wanted = Object.keys(tokens)
    .filter((uniqueId) => uniqueId.startsWith(LOAD_PREFIX) === options.load)
    .sort();
  const found: SimDevice[] = [];
  for (const uniqueId of wanted) {
    if (found.length >= options.officers) break;
    const token = tokens[uniqueId]!;
    let self;
    try {
      self = await api.as(token).self();
    } catch (error) {
      if (!(error instanceof ServerRejection && error.status === 401)) throw error;
      log.warn(`${uniqueId}: token in ${options.tokensFile} refused: ${error.message}; skipped`);
      continue;
    }
    if (!options.load && !self.officer) {
      log.info(`${uniqueId} is not issued to an officer; skipped`);
      continue;
    }
    // One device per officer: a team leader's phone would otherwise make a second dot.
    if (self.officer && found.some((d) => d.officer?.id === self.officer?.id)) continue;
    found.push(toSimDevice(self.device, token, self.officer));
  }
  return found;
}

async function devicesWithStaff(
  api: ServerApi,
  staff: ServerApi,
  tokens: Record<string, string>,
  options: SimOptions,
  log: SetupLog,
): Promise<SimDevice[]> {
  let chosen: { device: Device; officer: Officer | null }[];
  if (options.load) {
    chosen = (await ensureLoadDevices(staff, options.officers, log)).map((device) => ({
      device,
      officer: null,
    }));
  } else {
    const officers = new Map((await staff.officers()).map((officer) => [officer.id, officer]));
    const byOfficer = new Map<string, Device>();
    // Bodycams first: each officer is one dot on the map, reported by their body camera.
    const devices = (await staff.devices()).sort(
      (a, b) =>
        Number(b.kind === 'bodycam') - Number(a.kind === 'bodycam') || a.uniqueId.localeCompare(b.uniqueId),
    );
    for (const device of devices) {
      if (device.officerId && officers.has(device.officerId) && !byOfficer.has(device.officerId))
        byOfficer.set(device.officerId, device);
    }
    chosen = [...byOfficer.entries()]
      .map(([officerId, device]) => ({ device, officer: officers.get(officerId)! }))
      .sort((a, b) => a.officer.badgeNo.localeCompare(b.officer.badgeNo))
      .slice(0, options.officers);
  }

  let issued = 0;
  const result = await mapLimited(chosen, PARALLEL_REQUESTS, async ({ device, officer }) => {
    let token = tokens[device.uniqueId];
    if (token && !(await tokenWorks(api, token))) {
      log.warn(`the token for ${device.uniqueId} in ${options.tokensFile} is refused; issuing a new one`);
      token = undefined;
    }
    if (!token) {
      token = (await staff.issueToken(device.id)).token;
      tokens[device.uniqueId] = token;
      issued++;
    }
    return toSimDevice(device, token, officer);
  });
  if (issued > 0) {
    await writeTokens(options.tokensFile, tokens);
    log.info(
      `issued ${issued} device token(s) (each replaces the device's previous token) and saved them to ${options.tokensFile}`,
    );
  }
  return result;
}

async function tokenWorks(api: ServerApi, token: string): Promise<boolean> {
  try {
    await api.as(token).self();
    return true;
  } catch (error) {
    if (error instanceof ServerRejection && error.status === 401) return false;
    throw error;
  }
}

async function ensureLoadDevices(staff: ServerApi, count: number, log: SetupLog): Promise<Device[]> {
  const uniqueIds = Array.from(
    { length: count },
    (_, i) => `${LOAD_PREFIX}${String(i + 1).padStart(6, '0')}`,
  );
  const existing = new Map(
    (await staff.devices()).filter((d) => d.uniqueId.startsWith(LOAD_PREFIX)).map((d) => [d.uniqueId, d]),
  );
  const missing = uniqueIds.filter((id) => !existing.has(id));
  if (missing.length > 0) {
    log.info(`registering ${missing.length} load-test device(s) ${LOAD_PREFIX}…`);
    const created = await mapLimited(missing, PARALLEL_REQUESTS, (uniqueId) =>
      staff.createDevice({
        kind: 'phone',
        name: `Load test ${uniqueId.slice(LOAD_PREFIX.length)}`,
        uniqueId,
      }),
    );
    for (const device of created) existing.set(device.uniqueId, device);
  }
  return uniqueIds.map((id) => existing.get(id)!);
}

/**
 * Dispatch recommends officers who have a shift now and whose status is available: the demo
 * town's officers start off duty with no roster, so both are set here (and undone on stop).
 */
async function putOnDuty(
  staff: ServerApi,
  devices: readonly SimDevice[],
  options: SimOptions,
  log: SetupLog,
): Promise<{ shiftIds: string[]; madeAvailable: string[] }> {
  const simulated = new Set(devices.flatMap((d) => (d.officer ? [d.officer.id] : [])));
  const offDuty = (await staff.officers()).filter((o) => simulated.has(o.id) && o.status === 'off_duty');
  await mapLimited(offDuty, PARALLEL_REQUESTS, (o) => staff.updateOfficer(o.id, { status: 'available' }));
  if (offDuty.length > 0) log.info(`set ${offDuty.length} officer(s) from off duty to available`);
  const madeAvailable = offDuty.map((o) => o.id);

  const onDuty = new Set((await staff.onDuty()).map((officer) => officer.officerId));
  const officers = devices.flatMap((d) => (d.officer && !onDuty.has(d.officer.id) ? [d.officer] : []));
  if (officers.length === 0) return { shiftIds: [], madeAvailable };
  const startsAt = new Date(Date.now() - 60_000);
  const endsAt = new Date(startsAt.getTime() + options.shiftHours * 3600_000);
  const shifts = await mapLimited(officers, PARALLEL_REQUESTS, (officer) =>
    staff.addShift(officer.id, { startsAt: startsAt.toISOString(), endsAt: endsAt.toISOString() }),
  );
  log.info(
    `put ${officers.length} officer(s) without a current shift on duty until ${endsAt.toISOString()} ` +
      '(the shifts are removed when the simulator stops)',
  );
  return { shiftIds: shifts.map((shift) => shift.id), madeAvailable };
}

/** Undoes putOnDuty: the shifts this run created go, the officers it made available are off duty. */
export async function endShifts(setup: FleetSetup, log: SetupLog): Promise<void> {
  const staff = setup.staff;
  if (!staff) return;
  if (setup.shiftIds.length > 0) {
    const results = await Promise.allSettled(setup.shiftIds.map((id) => staff.deleteShift(id)));
    const failed = results.filter((r) => r.status === 'rejected').length;
    if (failed > 0) log.warn(`${failed} of the shifts created for this run could not be removed`);
    else log.info(`removed the ${setup.shiftIds.length} shift(s) this run created`);
  }
  if (setup.madeAvailable.length > 0) {
    const results = await Promise.allSettled(
      setup.madeAvailable.map((id) => staff.updateOfficer(id, { status: 'off_duty' })),
    );
    const failed = results.filter((r) => r.status === 'rejected').length;
    if (failed > 0) log.warn(`${failed} officer(s) could not be set back to off duty`);
    else log.info(`set the ${setup.madeAvailable.length} officer(s) back to off duty`);
  }
}

function toSimDevice(device: Device, token: string, officer: Officer | null): SimDevice {
  return {
    deviceId: device.id,
    uniqueId: device.uniqueId,
    kind: device.kind,
    token,
    officer: officer && { id: officer.id, name: officer.name, badgeNo: officer.badgeNo },
  };
}

async function mapLimited<T, R>(
  items: readonly T[],
  limit: number,
  run: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await run(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
