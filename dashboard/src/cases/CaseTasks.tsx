// The tasks of a case (each with a replay of its officer's time), and attaching one by its code.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionStatus, useAction } from '../admin/useAction';
import { findTaskByCode } from '../tasks/taskLookup';
import type { CaseSectionProps } from './CasePage';
import { DetachButton } from './DetachButton';
import { attachTaskToCase } from './casesApi';

export function CaseTasks({ detail, lockedReason, detachBlockedReason, onChanged }: CaseSectionProps) {
  const { t } = useTranslation();
  const action = useAction();
  const [code, setCode] = useState('');

  const attach = (event: FormEvent) => {
    event.preventDefault();
    void action.run(async () => {
      const task = await findTaskByCode(code);
      if (!task) {
        action.setError(t('toComplete.noSuchTask', { code: code.trim() }));
        return;
      }
      onChanged(await attachTaskToCase(detail.id, task.id));
      setCode('');
      return t('cases.taskAttached', { code: task.code });
    });
  };

  return (
    <section className="case-section" data-testid="case-tasks">
      <div className="section-header">
        <h2>
          {t('cases.tasks')} <span className="muted">({detail.tasks.length})</span>
        </h2>
        <form className="inline" onSubmit={attach}>
          <input
            value={code}
            required
            placeholder={t('toComplete.taskCode')}
            aria-label={t('toComplete.taskCode')}
            disabled={lockedReason !== null}
            data-testid="case-task-code"
            onChange={(event) => setCode(event.target.value)}
          />
          <button
            type="submit"
            className="button button-small"
            disabled={action.busy || lockedReason !== null}
            title={lockedReason ?? undefined}
          >
            {t('cases.attachTask')}
          </button>
        </form>
      </div>
      <ActionStatus error={action.error} done={action.done} />
      {detail.tasks.length === 0 ? (
        <p className="muted small">{t('cases.noTasks')}</p>
      ) : (
        <table className="data-table">
          <thead>
            <tr>
              <th>{t('cases.taskCode')}</th>
              <th>{t('cases.category')}</th>
              <th>{t('cases.priority')}</th>
              <th>{t('cases.state')}</th>
              <th>{t('cases.taskDescription')}</th>
              <th>{t('cases.attachedAt')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {detail.tasks.map((task) => (
              <tr key={task.id} data-testid="case-task" data-code={task.code}>
                <td className="task-code">{task.code}</td>
                <td>{t(`category.${task.category}`, { defaultValue: task.category })}</td>
                <td>{t(`priority.${task.priority}`, { defaultValue: task.priority })}</td>
                <td>{t(`taskState.${task.state}`, { defaultValue: task.state })}</td>
                <td>{task.description}</td>
                <td>{new Date(task.attachedAt).toLocaleString()}</td>
                <td>
                  <div className="row-buttons">
                    <a className="button button-small" href={`/replay?taskId=${task.id}`}>
                      {t('toComplete.replay')}
                    </a>
                    <DetachButton
                      caseId={detail.id}
                      what="tasks"
                      id={task.id}
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
