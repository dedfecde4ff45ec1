// One recording of the "to complete" queue: what is known (when, how long, who, which device,
// where, what is missing) and what is to be filled in (who recorded it when nobody is named yet,
// the stage, what it proves, a task it documents), saved with one PATCH.
import type { Recording, RecordingDescribeBody, RecordingStage, Task } from '@fcc/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionStatus, useAction } from '../admin/useAction';
import { fetchTasks } from '../api/endpoints';
import { formatClock } from '../common/durations';
import { REPLAY_ROLES } from '../main/screens';
import { selectDevice, selectOfficer, selectOfficers, useOfficers } from '../store/officers';
import { selectUser, useSession } from '../store/session';
import { findTaskByCode, useTaskCodes } from '../tasks/taskLookup';
import { describeRecording } from './recordingsApi';
import { missingText, placeText } from './recordingText';
import { replayHref } from './replayLink';
import { StageSelect } from './StageSelect';

interface ToCompleteRowProps {
  recording: Recording;
  /** Supervisors and administrators: may also name who recorded it. */
  reviewer: boolean;
  onSaved: (updated: Recording) => void;
}

const COLUMNS = 10;

export function ToCompleteRow({ recording, reviewer, onSaved }: ToCompleteRowProps) {
  const { t } = useTranslation();
  const action = useAction();
  const user = useSession(selectUser);
  const role = user?.role;
  const officer = useOfficers(selectOfficer(recording.officerId));
  const device = useOfficers(selectDevice(recording.deviceId));
  const officers = useOfficers(selectOfficers);
  const taskCodes = useTaskCodes(recording.taskIds);
  const [stage, setStage] = useState<RecordingStage | ''>(recording.stage ?? '');
  const [purpose, setPurpose] = useState(recording.purpose ?? '');
  const [recorder, setRecorder] = useState('');
  const [taskCode, setTaskCode] = useState('');
  const [taskOptions, setTaskOptions] = useState<Task[] | null>(null);
  const listId = `to-complete-tasks-${recording.id}`;

  // The officer's own tasks as suggestions, asked for once someone starts typing a code.
  const loadTaskOptions = () => {
    if (taskOptions) return;
    setTaskOptions([]);
    const query = reviewer && recording.officerId ? { officerId: recording.officerId } : {};
    fetchTasks({ ...query, limit: 50 }).then(setTaskOptions, () => setTaskOptions(null));
  };

  const save = () =>
    action.run(async () => {
      const body: RecordingDescribeBody = {};
      if (stage && stage !== recording.stage) body.stage = stage;
      if (purpose.trim() && purpose.trim() !== recording.purpose) body.purpose = purpose.trim();
      if (recorder) body.officerId = recorder;
      if (taskCode.trim()) {
        const task = await findTaskByCode(taskCode);
        if (!task) {
          action.setError(t('toComplete.noSuchTask', { code: taskCode.trim() }));
          return;
        }
        if (!recording.taskIds.includes(task.id)) body.taskIds = [...recording.taskIds, task.id];
      }
      if (Object.keys(body).length === 0) {
        action.setError(t('toComplete.nothingToSave'));
        return;
      }
      const updated = await describeRecording(recording.id, body);
      setTaskCode('');
      setRecorder('');
      onSaved(updated);
      return updated.missing.length > 0
        ? t('toComplete.stillMissing', { missing: missingText(t, updated.missing) })
        : undefined;
    });

  const seconds = recording.endedAt
    ? (Date.parse(recording.endedAt) - Date.parse(recording.startedAt)) / 1000
    : null;

  return (
    <>
      <tr data-testid="to-complete-row" data-recording-id={recording.id}>
        <td>{new Date(recording.startedAt).toLocaleString()}</td>
        <td className="number">{seconds === null ? t('replay.stillRecording') : formatClock(seconds)}</td>
        <td>
          {officer ? (
            `${officer.name} (${officer.badgeNo})`
          ) : recording.officerId !== null && recording.officerId === user?.officerId ? (
            // An officer's account does not get the roster; its own recordings are its own.
            user.displayName
          ) : reviewer && recording.officerId === null ? (
            <select
              value={recorder}
              onChange={(event) => setRecorder(event.target.value)}
              aria-label={t('toComplete.recorder')}
              data-testid="to-complete-recorder"
            >
              <option value="">{t('toComplete.nameRecorder')}</option>
              {Object.values(officers).map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {candidate.name} ({candidate.badgeNo})
                </option>
              ))}
            </select>
          ) : (
            '—'
          )}
        </td>
        <td>{device?.name ?? '—'}</td>
        <td>{placeText(recording.place)}</td>
        <td className="missing-cell" data-testid="to-complete-missing">
          {missingText(t, recording.missing)}
        </td>
        <td>
          <StageSelect value={stage} onChange={setStage} aria-label={t('replay.stage')} />
        </td>
        <td>
          <textarea
            className="purpose-input"
            rows={2}
            maxLength={4000}
            value={purpose}
            aria-label={t('replay.purpose')}
            placeholder={t('toComplete.purposeHint')}
            onChange={(event) => setPurpose(event.target.value)}
          />
        </td>
        <td>
          {recording.taskIds.length > 0 && (
            <div className="linked-tasks">{recording.taskIds.map((id) => taskCodes[id]).join(', ')}</div>
          )}
          <input
            className="task-code-input"
            list={listId}
            value={taskCode}
            aria-label={t('toComplete.taskCode')}
            placeholder={t('toComplete.taskCode')}
            onFocus={loadTaskOptions}
            onChange={(event) => setTaskCode(event.target.value)}
          />
          <datalist id={listId}>
            {taskOptions?.map((task) => (
              <option key={task.id} value={task.code}>
                {t(`category.${task.category}`, { defaultValue: task.category })} {task.address}
              </option>
            ))}
          </datalist>
        </td>
        <td>
          <div className="row-buttons">
            <button
              type="button"
              className="button button-primary button-small"
              disabled={action.busy}
              onClick={() => void save()}
            >
              {t('replay.save')}
            </button>
            {role && REPLAY_ROLES.includes(role) && (
              <a
                className="button button-small"
                href={replayHref(recording)}
                data-testid="to-complete-replay"
              >
                {t('toComplete.replay')}
              </a>
            )}
          </div>
        </td>
      </tr>
      {(action.error || action.done) && (
        <tr className="row-status">
          <td colSpan={COLUMNS}>
            <ActionStatus error={action.error} done={action.done} />
          </td>
        </tr>
      )}
    </>
  );
}
