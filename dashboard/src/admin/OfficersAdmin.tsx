// Officers: the list with area and status, a form to add one, and editing name, phone and area.
import type { Officer } from '@fcc/shared';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { selectAreas, useGrids } from '../store/grids';
import { selectOfficers, useOfficers } from '../store/officers';
import { createOfficer, updateOfficer } from './adminApi';
import { reloadRoster } from './reloadRoster';
import { ActionStatus, useAction } from './useAction';

export function OfficersAdmin() {
  const { t } = useTranslation();
  const officers = useOfficers(selectOfficers);
  const areas = useGrids(selectAreas);
  const action = useAction();
  const [editing, setEditing] = useState<Officer | null>(null);
  const rows = useMemo(
    () => Object.values(officers).sort((a, b) => a.badgeNo.localeCompare(b.badgeNo)),
    [officers],
  );
  const areaOptions = Object.values(areas).map((area) => (
    <option key={area.properties.id} value={area.properties.id}>
      {area.properties.name}
    </option>
  ));

  const create = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    void action.run(async () => {
      const officer = await createOfficer({
        badgeNo: String(data.get('badgeNo')).trim(),
        name: String(data.get('name')).trim(),
        phone: String(data.get('phone')).trim() || null,
        areaId: String(data.get('areaId')) || null,
      });
      form.reset();
      await reloadRoster();
      return t('admin.officers.created', { name: officer.name });
    });
  };

  const save = (event: FormEvent<HTMLFormElement>, officer: Officer) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    void action.run(async () => {
      await updateOfficer(officer.id, {
        name: String(data.get('name')).trim(),
        phone: String(data.get('phone')).trim() || null,
        areaId: String(data.get('areaId')) || null,
      });
      setEditing(null);
      await reloadRoster();
      return t('admin.saved');
    });
  };

  return (
    <div className="admin-section" data-testid="officers-admin">
      <form className="admin-form" onSubmit={create} data-testid="officer-create">
        <h2>{t('admin.officers.add')}</h2>
        <input
          name="badgeNo"
          required
          maxLength={32}
          placeholder={t('admin.officers.badgeNo')}
          aria-label={t('admin.officers.badgeNo')}
        />
        <input
          name="name"
          required
          maxLength={100}
          placeholder={t('admin.officers.name')}
          aria-label={t('admin.officers.name')}
        />
        <input
          name="phone"
          maxLength={32}
          placeholder={t('admin.officers.phone')}
          aria-label={t('admin.officers.phone')}
        />
        <select name="areaId" aria-label={t('admin.officers.area')} defaultValue="">
          <option value="">{t('admin.officers.noArea')}</option>
          {areaOptions}
        </select>
        <button type="submit" className="button button-primary" disabled={action.busy}>
          {t('admin.create')}
        </button>
      </form>
      <ActionStatus error={action.error} done={action.done} />
      <table className="data-table">
        <thead>
          <tr>
            <th>{t('admin.officers.badgeNo')}</th>
            <th>{t('admin.officers.name')}</th>
            <th>{t('admin.officers.phone')}</th>
            <th>{t('admin.officers.area')}</th>
            <th>{t('admin.officers.status')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rows.map((officer) =>
            editing?.id === officer.id ? (
              <tr key={officer.id}>
                <td colSpan={6}>
                  <form className="admin-form inline" onSubmit={(event) => save(event, officer)}>
                    <span>{officer.badgeNo}</span>
                    <input
                      name="name"
                      required
                      defaultValue={officer.name}
                      aria-label={t('admin.officers.name')}
                    />
                    <input
                      name="phone"
                      defaultValue={officer.phone ?? ''}
                      aria-label={t('admin.officers.phone')}
                    />
                    <select
                      name="areaId"
                      defaultValue={officer.areaId ?? ''}
                      aria-label={t('admin.officers.area')}
                    >
                      <option value="">{t('admin.officers.noArea')}</option>
                      {areaOptions}
                    </select>
                    <button
                      type="submit"
                      className="button button-primary button-small"
                      disabled={action.busy}
                    >
                      {t('admin.save')}
                    </button>
                    <button type="button" className="button button-small" onClick={() => setEditing(null)}>
                      {t('common.cancel')}
                    </button>
                  </form>
                </td>
              </tr>
            ) : (
              <tr key={officer.id} data-testid="officer-row" data-badge={officer.badgeNo}>
                <td>{officer.badgeNo}</td>
                <td>{officer.name}</td>
                <td>{officer.phone ?? ''}</td>
                <td>{officer.areaId ? (areas[officer.areaId]?.properties.name ?? '') : '–'}</td>
                <td>{t(`admin.officers.statuses.${officer.status}`)}</td>
                <td>
                  <button type="button" className="button button-small" onClick={() => setEditing(officer)}>
                    {t('admin.edit')}
                  </button>
                </td>
              </tr>
            ),
          )}
        </tbody>
      </table>
    </div>
  );
}
