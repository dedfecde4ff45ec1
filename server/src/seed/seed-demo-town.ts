// First start: the demo town (areas, cells, streets, officers with their duty roster, devices,
// inspection targets) and the first administrator, in one transaction so a failed seed leaves
// nothing behind.
import type { Logger } from 'pino';
import type { Config } from '../config';
import { sql } from 'drizzle-orm';
import type { Database, Transaction } from '../db/client';
import { SYSTEM_ACTOR } from '../modules/audit/audit-service';
import { generatePassword, hashPassword, verifyPassword } from '../modules/auth/passwords';
import { newToken } from '../modules/auth/tokens';
import type { Services } from '../services';
import { newCheckInToken } from '../modules/inspections/check-in-code';
import { demoDutyRoster, type DemoShift } from './demo-duty-roster';
import { demoInspectionTargets, type DemoInspectionTarget } from './demo-inspection-targets';
import { DEFAULT_DEMO_TOWN_OPTIONS, generateDemoTown } from './demo-town';

export const ADMIN_USERNAME = 'admin';

export interface SeedResult {
  /** Set only when this start created the administrator or reset the password from ADMIN_PASSWORD. */
  adminCredentials: { username: string; password: string; generated: boolean } | null;
  seededTown: boolean;
  /**
   * Set only when this start seeded the town: the demo devices' API tokens by unique id, so the
   * simulated demo fleet (`npm start`) can sign in without an administrator's password.
   */
  demoDeviceTokens: Record<string, string> | null;
}

export async function seedOnFirstStart(
  db: Database,
  services: Services,
  config: Pick<Config, 'adminPassword' | 'demoTown'>,
  log: Logger,
): Promise<SeedResult> {
  const { users: usersRepository } = services.repositories;
  const existingAdmin = await usersRepository.findByUsername(ADMIN_USERNAME);
  if (existingAdmin) {
    return {
      adminCredentials: await resetAdminPasswordIfConfigured(db, services, existingAdmin, config),
      seededTown: false,
      demoDeviceTokens: null,
    };
  }

  const password = config.adminPassword ?? generatePassword();
  const passwordHash = await hashPassword(password);
  const town = generateDemoTown({
    ...DEFAULT_DEMO_TOWN_OPTIONS,
    centre: config.demoTown.centre,
    areaKm2: config.demoTown.areaKm2,
    townName: config.demoTown.name,
  });

  const demoDeviceTokens: Record<string, string> = {};
  await db.transaction(async (tx) => {
    const { grids, officers, devices, streets, users } = services.repositories;
    const areaIds = new Map<string, string>();
    for (const area of town.areas) {
      areaIds.set(area.code, (await grids.insertArea(tx, { code: area.code, name: area.name })).id);
    }
    for (const cell of town.cells) {
      await grids.insertCell(tx, {
        areaId: areaIds.get(cell.areaCode)!,
        code: cell.code,
        name: cell.name,
        geometry: { type: 'Polygon', coordinates: cell.polygon },
      });
    }
    for (const areaId of areaIds.values()) await grids.refreshAreaGeometry(tx, areaId);
    await streets.insertMany(tx, town.streets);

    const officerIds = new Map<string, string>();
    for (const officer of town.officers) {
      const row = await officers.insert(tx, {
        badgeNo: officer.badgeNo,
        name: officer.name,
        phone: null,
        areaId: areaIds.get(officer.areaCode) ?? null,
      });
      officerIds.set(officer.badgeNo, row.id);
    }
    await insertDutyRoster(tx, demoDutyRoster(town.officers, new Date()), officerIds);
    await insertInspectionTargets(tx, demoInspectionTargets(town.cells, DEFAULT_DEMO_TOWN_OPTIONS.seed));
    for (const device of town.devices) {
      const row = await devices.insert(tx, {
        kind: device.kind,
        name: device.name,
        uniqueId: device.uniqueId,
        officerId: officerIds.get(device.officerBadgeNo) ?? null,
      });
      const { token, hash } = newToken('device');
      await devices.setToken(tx, row.id, hash);
      demoDeviceTokens[device.uniqueId] = token;
    }
    const admin = await users.insert(tx, {
      username: ADMIN_USERNAME,
      displayName: '系统管理员 Administrator',
      passwordHash,
      role: 'administrator',
      officerId: null,
    });
    await services.audit.record(tx, SYSTEM_ACTOR, {
      action: 'seed.demo-town',
      details: {
        town: town.townName,
        areas: town.areas.length,
        cells: town.cells.length,
        streets: town.streets.length,
        officers: town.officers.length,
        devices: town.devices.length,
        deviceTokensIssued: town.devices.length,
        administrator: admin.id,
      },
    });
  });
  log.info(
    { areas: town.areas.length, cells: town.cells.length, officers: town.officers.length },
    'seeded the demo town',
  );
  return {
    adminCredentials: { username: ADMIN_USERNAME, password, generated: config.adminPassword === null },
    seededTown: true,
    demoDeviceTokens,
  };
}

/** ADMIN_PASSWORD is also the way back in when the printed password was lost. */
async function resetAdminPasswordIfConfigured(
  db: Database,
  services: Services,
  admin: { id: string; passwordHash: string },
  config: Pick<Config, 'adminPassword'>,
): Promise<SeedResult['adminCredentials']> {
  const wanted = config.adminPassword;
  if (wanted === null || (await verifyPassword(admin.passwordHash, wanted))) return null;
  const passwordHash = await hashPassword(wanted);
  await db.transaction(async (tx) => {
    await services.repositories.users.update(tx, admin.id, { passwordHash, disabledAt: null });
    await services.repositories.sessions.revokeAllOfUser(tx, admin.id);
    await services.audit.record(tx, SYSTEM_ACTOR, {
      action: 'user.password-reset',
      targetType: 'user',
      targetId: admin.id,
      details: { source: 'ADMIN_PASSWORD' },
    });
  });
  return { username: ADMIN_USERNAME, password: wanted, generated: false };
}

/** Shifts for the roster; the officers are available for dispatch (their status, not their shift). */
async function insertDutyRoster(tx: Transaction, shifts: DemoShift[], officerIds: Map<string, string>) {
  await tx.execute(sql`
    INSERT INTO duty_shifts (officer_id, starts_at, ends_at)
    SELECT (s ->> 'officerId')::uuid, (s ->> 'startsAt')::timestamptz, (s ->> 'endsAt')::timestamptz
    FROM jsonb_array_elements(${JSON.stringify(
      shifts.map((shift) => ({ ...shift, officerId: officerIds.get(shift.badgeNo) })),
    )}::jsonb) AS s`);
  await tx.execute(sql`
    UPDATE officers SET status = 'available'
    WHERE id IN (SELECT jsonb_array_elements_text(${JSON.stringify([...officerIds.values()])}::jsonb)::uuid)`);
}

/** Targets placed in the cells inserted earlier in the same transaction. */
async function insertInspectionTargets(tx: Transaction, targets: DemoInspectionTarget[]) {
  for (const target of targets) {
    const [lon, lat] = target.location;
    await tx.execute(sql`
      WITH point AS (SELECT ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326) AS geom)
      INSERT INTO inspection_targets (name, category, address, location, grid_cell_id, area_id, qr_token)
      SELECT ${target.name}, ${target.category}, ${target.address}, p.geom, c.id, c.area_id, ${newCheckInToken()}
      FROM point p LEFT JOIN grid_cells c ON ST_Intersects(c.geom, p.geom)`);
  }
}
