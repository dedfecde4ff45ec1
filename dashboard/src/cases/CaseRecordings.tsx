// The recordings of a case with who, when, the stage and what each proves, and attaching one:
// picked from the recent recordings in no case, or by its id.
import type { Recording } from '@fcc/shared';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionStatus, useAction } from '../admin/useAction';
import { formatClock } from '../common/durations';
import { fetchRecordings } from '../recordings/recordingsApi';
import { replayHref } from '../recordings/replayLink';
import { selectDevices, selectOfficers, useOfficers } from '../store/officers';
import type { CaseSectionProps } from './CasePage';
import { DetachButton } from './DetachButton';
import { attachRecordingToCase } from './casesApi';

/** How many recent recordings the picker offers. */
const PICKER_SIZE = 100;

export function CaseRecordings({ detail, lockedReason, detachBlockedReason, onChanged }: CaseSectionProps) {
  const { t } = useTranslation();
  const action = useAction();
  const officers = useOfficers(selectOfficers);
  const devices = useOfficers(selectDevices);
  const [recent, setRecent] = useState<Recording[]>([]);
  const [picked, setPicked] = useState('');
  const [typedId, setTypedId] = useState('');

  const caseRecordings = detail.recordings.length;
  useEffect(() => {
    const controller = new AbortController();
    fetchRecordings({ limit: PICKER_SIZE }, controller.signal).then(
      (list) => setRecent(list.filter((recording) => recording.caseId === null)),
      () => undefined,
    );
    return () => controller.abort();
  }, [caseRecordings]);

  const who = (recording: Recording) => {
    const officer = recording.officerId ? officers[recording.officerId] : undefined;
    return officer ? `${officer.name} (${officer.badgeNo})` : '—';
  };
  const duration = (recording: Recording) =>
    recording.endedAt
      ? formatClock((Date.parse(recording.endedAt) - Date.parse(recording.startedAt)) / 1000)
      : t('replay.stillRecording');

  const attach = (event: FormEvent) => {
    event.preventDefault();
    const recordingId = typedId.trim() || picked;
    if (!recordingId) return;
    void action.run(async () => {
      onChanged(await attachRecordingToCase(detail.id, recordingId));
      setPicked('');
      setTypedId('');
      return t('cases.recordingAttached');
    });
  };

  return (
    <section className="case-section" data-testid="case-recordings">
      <div className="section-header">
        <h2>
          {t('cases.recordings')} <span className="muted">({detail.recordings.length})</span>
        </h2>
        <form className="inline attach-recording" onSubmit={attach}>
          <select
            value={picked}
            aria-label={t('cases.pickRecording')}
            disabled={lockedReason !== null}
            data-testid="case-recording-picker"
            onChange={(event) => setPicked(event.target.value)}
          >
            <option value="">{t('cases.pickRecording')}</option>
            {recent.map((recording) => (
              <option key={recording.id} value={recording.id} disabled={recording.purpose === null}>
                {new Date(recording.startedAt).toLocaleString()} · {who(recording)} ·{' '}
                {recording.purpose ?? t('cases.purposeFirst')}
              </option>
            ))}
          </select>
          <input
            value={typedId}
            className="recording-id-input"
            placeholder={t('cases.orRecordingId')}
            aria-label={t('cases.orRecordingId')}
            disabled={lockedReason !== null}
            onChange={(event) => setTypedId(event.target.value)}
          />
          <button
            type="submit"
            className="button button-small"
            disabled={action.busy || lockedReason !== null || !(picked || typedId.trim())}
            title={lockedReason ?? undefined}
          >
            {t('cases.attachRecording')}
          </button>
        </form>
      </div>
      <ActionStatus error={action.error} done={action.done} />
      {detail.recordings.length === 0 ? (
        <p className="muted small">{t('cases.noRecordings')}</p>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th>{t('toComplete.started')}</th>
              <th>{t('toComplete.duration')}</th>
              <th>{t('toComplete.officer')}</th>
              <th>{t('toComplete.device')}</th>
              <th>{t('replay.stage')}</th>
              <th>{t('replay.purpose')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {detail.recordings.map((recording) => (
              <tr key={recording.id} data-testid="case-recording" data-recording-id={recording.id}>
                <td>{new Date(recording.startedAt).toLocaleString()}</td>
                <td className="number">{duration(recording)}</td>
                <td>{who(recording)}</td>
                <td>{devices[recording.deviceId]?.name ?? '—'}</td>
                <td>{recording.stage ? t(`replay.stages.${recording.stage}`) : '—'}</td>
                <td>{recording.purpose ?? '—'}</td>
                <td>
                  <div className="row-buttons">
                    <a className="button button-small" href={replayHref(recording)}>
                      {t('toComplete.replay')}
                    </a>
                    <DetachButton
                      caseId={detail.id}
                      what="recordings"
                      id={recording.id}
                      blockedReason={detachBlockedReason}
                      action={action}
                      onDetached={() => onChanged()}
                    />
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
