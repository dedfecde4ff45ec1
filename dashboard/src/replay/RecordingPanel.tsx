// The recording under the playhead: who recorded, when, where and what it proves, editable by a
// supervisor (stage, what it proves, case), its audit trail, and the evidence package of its case.
import type { AuditEntry, Case, RecordingStage, ReplayRecording } from '@fcc/shared';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { attachRecordingToCase, downloadEvidencePackage, fetchCases } from '../cases/casesApi';
import { useErrorText } from '../common/useErrorText';
import { AuditTrail } from '../recordings/AuditTrail';
import { describeRecording, fetchRecordingAudit } from '../recordings/recordingsApi';
import { missingText, placeText } from '../recordings/recordingText';
import { StageSelect } from '../recordings/StageSelect';

interface RecordingPanelProps {
  recording: ReplayRecording;
  /** The recording was changed on the server: load the replay again. */
  onChanged: () => void;
}

export function RecordingPanel({ recording, onChanged }: RecordingPanelProps) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [stage, setStage] = useState<RecordingStage | ''>(recording.stage ?? '');
  const [purpose, setPurpose] = useState(recording.purpose ?? '');
  const [caseId, setCaseId] = useState(recording.caseId ?? '');
  const [cases, setCases] = useState<Case[]>([]);
  const [trail, setTrail] = useState<AuditEntry[]>([]);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [trailVersion, setTrailVersion] = useState(0);

  useEffect(() => {
    setStage(recording.stage ?? '');
    setPurpose(recording.purpose ?? '');
    setCaseId(recording.caseId ?? '');
    setMessage(null);
  }, [recording]);

  useEffect(() => {
    const controller = new AbortController();
    fetchCases(controller.signal).then(setCases, () => undefined);
    return () => controller.abort();
  }, []);

  useEffect(() => {
    const controller = new AbortController();
    fetchRecordingAudit(recording.id, controller.signal).then(setTrail, (error: unknown) => {
      if (!controller.signal.aborted) setMessage(errorText(error));
    });
    return () => controller.abort();
  }, [recording.id, trailVersion, errorText]);

  async function save() {
    setBusy(true);
    setMessage(null);
    try {
      const changes = {
        ...(stage && stage !== recording.stage ? { stage } : {}),
        ...(purpose.trim() && purpose !== recording.purpose ? { purpose } : {}),
      };
      if (Object.keys(changes).length > 0) await describeRecording(recording.id, changes);
      if (caseId && caseId !== recording.caseId) await attachRecordingToCase(caseId, recording.id);
      setMessage(t('replay.saved'));
      onChanged();
    } catch (error) {
      setMessage(errorText(error));
    } finally {
      setBusy(false);
      setTrailVersion((version) => version + 1);
    }
  }

  async function exportPackage() {
    if (!recording.caseId) return;
    setBusy(true);
    setMessage(null);
    try {
      await downloadEvidencePackage(recording.caseId);
    } catch (error) {
      setMessage(errorText(error));
    } finally {
      setBusy(false);
    }
  }

  // A closed case takes no recordings (the server refuses them too).
  const openCases = cases.filter((found) => found.id === recording.caseId || found.status !== 'closed');

  return (
    <section className="replay-recording" data-testid="recording-panel" aria-label={t('replay.recording')}>
      <h2>{t('replay.recording')}</h2>
      <dl className="replay-facts">
        <dt>{t('replay.started')}</dt>
        <dd>{new Date(recording.startedAt).toLocaleString()}</dd>
        <dt>{t('replay.ended')}</dt>
        <dd>
          {recording.endedAt ? new Date(recording.endedAt).toLocaleString() : t('replay.stillRecording')}
        </dd>
        <dt>{t('replay.place')}</dt>
        <dd>{placeText(recording.place)}</dd>
        <dt>{t('replay.missing')}</dt>
        <dd data-testid="recording-missing">{missingText(t, recording.missing)}</dd>
      </dl>
      <label>
        {t('replay.stage')}
        <StageSelect value={stage} onChange={setStage} />
      </label>
      <label>
        {t('replay.purpose')}
        <textarea rows={2} value={purpose} onChange={(event) => setPurpose(event.target.value)} />
      </label>
      <label>
        {t('replay.case')}
        <select
          value={caseId}
          disabled={recording.caseId !== null}
          onChange={(event) => setCaseId(event.target.value)}
        >
          <option value="">—</option>
          {openCases.map((found) => (
            <option key={found.id} value={found.id}>
              {found.code} {found.title}
            </option>
          ))}
        </select>
      </label>
      <div className="replay-actions">
        <button type="button" className="button" disabled={busy} onClick={save}>
          {t('replay.save')}
        </button>
        <button
          type="button"
          className="button"
          disabled={busy || !recording.caseId}
          title={recording.caseId ? undefined : t('replay.exportNeedsCase')}
          onClick={exportPackage}
        >
          {t('replay.export')}
        </button>
      </div>
      {message && <p role="status">{message}</p>}
      <h3>{t('replay.auditTrail')}</h3>
      <AuditTrail entries={trail} testId="recording-audit" />
    </section>
  );
}
