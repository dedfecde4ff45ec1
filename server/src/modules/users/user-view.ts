// The API's view of an account: never the password hash.
import type { User } from '@fcc/shared';
import type { UserRow } from './users-repository';

export function toUser(row: UserRow): User {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    role: row.role,
    officerId: row.officerId,
    disabled: row.disabledAt !== null,
  };
}
