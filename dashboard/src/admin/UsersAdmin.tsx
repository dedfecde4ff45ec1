// Accounts and roles: create an account with a role (an officer's account is linked to the
// officer), change the role, reset the password, disable or enable it.
import { ROLES, type Role, type User } from '@fcc/shared';
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useOfficers } from '../store/officers';
import { createUser, fetchUsers, updateUser } from './adminApi';
import { ActionStatus, useAction } from './useAction';

export function UsersAdmin() {
  const { t } = useTranslation();
  const officers = useOfficers((state) => state.items);
  const action = useAction();
  const [users, setUsers] = useState<User[]>([]);
  const [resetting, setResetting] = useState<string | null>(null);
  const officerList = useMemo(
    () => Object.values(officers).sort((a, b) => a.badgeNo.localeCompare(b.badgeNo)),
    [officers],
  );

  const load = useCallback(() => action.run(async () => setUsers(await fetchUsers())), [action.run]);
  useEffect(() => {
    void load();
  }, [load]);

  const replace = (updated: User) =>
    setUsers((list) => list.map((user) => (user.id === updated.id ? updated : user)));

  const create = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    void action.run(async () => {
      const user = await createUser({
        username: String(data.get('username')).trim(),
        displayName: String(data.get('displayName')).trim(),
        password: String(data.get('password')),
        role: String(data.get('role')) as Role,
        officerId: String(data.get('officerId')) || null,
      });
      form.reset();
      setUsers((list) => [...list, user]);
      return t('admin.users.created', { username: user.username });
    });
  };

  const resetPassword = (event: FormEvent<HTMLFormElement>, user: User) => {
    event.preventDefault();
    const password = String(new FormData(event.currentTarget).get('password'));
    void action.run(async () => {
      replace(await updateUser(user.id, { password }));
      setResetting(null);
      return t('admin.users.passwordReset', { username: user.username });
    });
  };

  const change = (user: User, body: { role?: Role; disabled?: boolean }) =>
    void action.run(async () => {
      replace(await updateUser(user.id, body));
      return t('admin.saved');
    });

  return (
    <div className="admin-section" data-testid="users-admin">
      <form className="admin-form" onSubmit={create} data-testid="user-create">
        <h2>{t('admin.users.add')}</h2>
        <input
          name="username"
          required
          minLength={3}
          pattern="[a-zA-Z0-9._\-]+"
          placeholder={t('admin.users.username')}
          aria-label={t('admin.users.username')}
        />
        <input
          name="displayName"
          required
          placeholder={t('admin.users.displayName')}
          aria-label={t('admin.users.displayName')}
        />
        <input
          name="password"
          type="password"
          required
          minLength={10}
          autoComplete="new-password"
          placeholder={t('admin.users.password')}
          aria-label={t('admin.users.password')}
        />
        <select name="role" defaultValue="operator" aria-label={t('admin.users.role')}>
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {t(`roles.${role}`)}
            </option>
          ))}
        </select>
        <select name="officerId" defaultValue="" aria-label={t('admin.users.officer')}>
          <option value="">{t('admin.users.noOfficer')}</option>
          {officerList.map((officer) => (
            <option key={officer.id} value={officer.id}>
              {officer.name} · {officer.badgeNo}
            </option>
          ))}
        </select>
        <button type="submit" className="button button-primary" disabled={action.busy}>
          {t('admin.create')}
        </button>
      </form>
      <ActionStatus error={action.error} done={action.done} />
      <table className="data-table">
        <thead>
          <tr>
            <th>{t('admin.users.username')}</th>
            <th>{t('admin.users.displayName')}</th>
            <th>{t('admin.users.role')}</th>
            <th>{t('admin.users.officer')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {users.map((user) => (
            <tr
              key={user.id}
              data-testid="user-row"
              data-username={user.username}
              className={user.disabled ? 'disabled-row' : undefined}
            >
              <td>{user.username}</td>
              <td>{user.displayName}</td>
              <td>
                <select
                  value={user.role}
                  aria-label={t('admin.users.role')}
                  disabled={action.busy}
                  onChange={(event) => change(user, { role: event.target.value as Role })}
                >
                  {ROLES.map((role) => (
                    <option key={role} value={role}>
                      {t(`roles.${role}`)}
                    </option>
                  ))}
                </select>
              </td>
              <td>{user.officerId ? (officers[user.officerId]?.name ?? '') : '–'}</td>
              <td className="row-buttons">
                {resetting === user.id ? (
                  <form className="inline" onSubmit={(event) => resetPassword(event, user)}>
                    <input
                      name="password"
                      type="password"
                      required
                      minLength={10}
                      autoComplete="new-password"
                      placeholder={t('admin.users.newPassword')}
                      aria-label={t('admin.users.newPassword')}
                    />
                    <button
                      type="submit"
                      className="button button-small button-primary"
                      disabled={action.busy}
                    >
                      {t('admin.save')}
                    </button>
                    <button type="button" className="button button-small" onClick={() => setResetting(null)}>
                      {t('common.cancel')}
                    </button>
                  </form>
                ) : (
                  <button type="button" className="button button-small" onClick={() => setResetting(user.id)}>
                    {t('admin.users.resetPassword')}
                  </button>
                )}
                <button
                  type="button"
                  className="button button-small"
                  disabled={action.busy}
                  onClick={() => change(user, { disabled: !user.disabled })}
                >
                  {user.disabled ? t('admin.users.enable') : t('admin.users.disable')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
