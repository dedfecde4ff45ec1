// The composition root: repositories and services, built once per app.
import type { Config } from './config';
import type { Database } from './db/client';
import { AuditRepository } from './modules/audit/audit-repository';
import { AuditService } from './modules/audit/audit-service';
import { AuthService } from './modules/auth/auth-service';
import { SessionsRepository } from './modules/auth/sessions-repository';
import { DevicesRepository } from './modules/devices/devices-repository';
import { DevicesService } from './modules/devices/devices-service';
import { GridsRepository } from './modules/grids/grids-repository';
import { GridsService } from './modules/grids/grids-service';
import { StreetsRepository } from './modules/map/streets-repository';
import { OfficersRepository } from './modules/officers/officers-repository';
import { OfficersService } from './modules/officers/officers-service';
import { UsersRepository } from './modules/users/users-repository';
import { UsersService } from './modules/users/users-service';

export function createServices(db: Database, config: Pick<Config, 'sessionHours'>) {
  const repositories = {
    audit: new AuditRepository(db),
    users: new UsersRepository(db),
    sessions: new SessionsRepository(db),
    devices: new DevicesRepository(db),
    officers: new OfficersRepository(db),
    grids: new GridsRepository(db),
    streets: new StreetsRepository(db),
  };
  const audit = new AuditService(repositories.audit);
  const officers = new OfficersService(db, repositories.officers, audit);
  return {
    repositories,
    audit,
    officers,
    auth: new AuthService(
      db,
      repositories.users,
      repositories.sessions,
      repositories.devices,
      audit,
      config.sessionHours,
    ),
    users: new UsersService(db, repositories.users, repositories.sessions, audit),
    devices: new DevicesService(db, repositories.devices, officers, audit),
    grids: new GridsService(db, repositories.grids, audit),
    streets: repositories.streets,
  };
}

export type Services = ReturnType<typeof createServices>;
