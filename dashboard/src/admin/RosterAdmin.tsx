// The duty roster: shifts from yesterday to tomorrow, who is on duty now, adding a shift, ending
// one early (the officer goes off duty) and removing one that has not started.
import type { Shift } from '@fcc/shared';
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useErrorText } from '../common/useErrorText';
import { useOfficers } from '../store/officers';
import { addShift, endShift, fetchShifts, removeShift } from './adminApi';
import { reloadRoster } from './reloadRoster';
import { ActionStatus, useAction } from './useAction';

const HOUR = 3600_000;

function shiftState(shift: Shift, now: number): 'now' | 'upcoming' | 'ended' {
  if (Date.parse(shift.startsAt) > now) return 'upcoming';
  return Date.parse(shift.endsAt) > now ? 'now' : 'ended';
}

/** A datetime-local value (the browser's own zone) for a moment. */
function localInput(ms: number): string {
  const date = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return date.toISOString().slice(0, 16);
}

export function RosterAdmin() {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const officers = useOfficers((state) => state.items);
  const action = useAction();
  const [shifts, setShifts] = useState<Shift[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const officerList = useMemo(
    () => Object.values(officers).sort((a, b) => a.badgeNo.localeCompare(b.badgeNo)),
    [officers],
  );
  const time = new Intl.DateTimeFormat(i18n.language, {
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });

  const load = useCallback(async () => {
    const at = Date.now();
    setNow(at);
    try {
      setShifts(
        await fetchShifts(new Date(at - 24 * HOUR).toISOString(), new Date(at + 48 * HOUR).toISOString()),
      );
      setLoadError(null);
    } catch (cause) {
      setLoadError(errorText(cause));
    }
  }, [errorText]);

  useEffect(() => {
    void load();
  }, [load]);

  const add = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const startsMs = Date.parse(String(data.get('startsAt')));
    const hours = Number(data.get('hours'));
    void action.run(async () => {
      await addShift(String(data.get('officerId')), {
        startsAt: new Date(startsMs).toISOString(),
        endsAt: new Date(startsMs + hours * HOUR).toISOString(),
      });
      await Promise.all([load(), reloadRoster()]);
      return t('admin.roster.added');
    });
  };

  const change = (shift: Shift, step: 'end' | 'remove') =>
    void action.run(async () => {
      await (step === 'end' ? endShift(shift.id) : removeShift(shift.id));
      await Promise.all([load(), reloadRoster()]);
      return step === 'end'
        ? t('admin.roster.ended', { name: shift.officerName })
        : t('admin.roster.removed');
    });

  const onDutyNow = shifts.filter((shift) => shiftState(shift, now) === 'now');

  return (
    <div className="admin-section" data-testid="roster-admin">
      <p data-testid="on-duty-now">
        {t('admin.roster.onDutyNow', { n: new Set(onDutyNow.map((s) => s.officerId)).size })}
      </p>
      <form className="admin-form" onSubmit={add} data-testid="shift-create">
        <h2>{t('admin.roster.add')}</h2>
        <select name="officerId" required aria-label={t('admin.roster.officer')}>
          {officerList.map((officer) => (
            <option key={officer.id} value={officer.id}>
              {officer.name} · {officer.badgeNo}
            </option>
          ))}
        </select>
        <input
          name="startsAt"
          type="datetime-local"
          required
          defaultValue={localInput(Date.now())}
          aria-label={t('admin.roster.startsAt')}
        />
        <label>
          <input
            name="hours"
            type="number"
            min={0.5}
            max={24}
            step={0.5}
            required
            defaultValue={8}
            aria-label={t('admin.roster.hours')}
          />{' '}
          {t('admin.roster.hours')}
        </label>
        <button type="submit" className="button button-primary" disabled={action.busy}>
          {t('admin.roster.addButton')}
        </button>
      </form>
      <ActionStatus error={action.error ?? loadError} done={action.done} />
      <table className="data-table">
        <thead>
          <tr>
            <th>{t('admin.roster.officer')}</th>
            <th>{t('admin.roster.startsAt')}</th>
            <th>{t('admin.roster.endsAt')}</th>
            <th>{t('admin.roster.state')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {shifts.map((shift) => {
            const state = shiftState(shift, now);
            return (
              <tr key={shift.id} data-testid="shift-row" data-state={state}>
                <td>
                  {shift.officerName} <span className="muted small">{shift.badgeNo}</span>
                </td>
                <td>{time.format(Date.parse(shift.startsAt))}</td>
                <td>{time.format(Date.parse(shift.endsAt))}</td>
                <td>{t(`admin.roster.states.${state}`)}</td>
                <td>
                  {state === 'now' && (
                    <button
                      type="button"
                      className="button button-small"
                      disabled={action.busy}
                      onClick={() => change(shift, 'end')}
                    >
                      {t('admin.roster.end')}
                    </button>
                  )}
                  {state === 'upcoming' && (
                    <button
                      type="button"
                      className="button button-small"
                      disabled={action.busy}
                      onClick={() => change(shift, 'remove')}
                    >
                      {t('admin.roster.remove')}
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
