// One task as the officer needs it in the street: what, where, how urgent, and one big button
// for the next step.
import type { Task } from '@fcc/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { nextSteps, type OfficerStep } from './nextSteps';
import { ResolveSheet } from './ResolveSheet';
import { useStep } from './useStep';

interface Props {
  task: Task;
  officerId: string;
}

export function TaskCard({ task, officerId }: Props) {
  const { t } = useTranslation();
  const { run, busy } = useStep(task.id, task.code);
  const [resolving, setResolving] = useState(false);
  const steps = nextSteps(task, officerId);
  const category = t(`category.${task.category}`, { defaultValue: task.category });
  const mapLink = `geo:${task.location.lat},${task.location.lon}?q=${task.location.lat},${task.location.lon}`;

  const onStep = (step: OfficerStep) => {
    if (step === 'resolve') setResolving(true);
    else void run(step);
  };

  return (
    <article
      className={`task-card priority-${task.priority}`}
      data-testid="task-card"
      data-task-id={task.id}
      data-state={task.state}
    >
      <header className="task-card-head">
        <span className={`priority-chip priority-chip-${task.priority}`}>
          {t(`priority.${task.priority}`)}
        </span>
        <span className="task-category">{category}</span>
        <span className="task-code">{task.code}</span>
      </header>
      {task.description && <p className="task-description">{task.description}</p>}
      <p className="task-where">
        <a href={mapLink}>
          {task.address || `${task.location.lat.toFixed(5)}, ${task.location.lon.toFixed(5)}`}
        </a>
        {task.gridCellCode && <span className="muted"> · {task.gridCellCode}</span>}
      </p>
      <p className="task-state" data-testid="task-state">
        {t(`taskState.${task.state}`)}
        {task.state === 'resolved' && (
          <span className="muted"> · {t('officerApp.tasks.waitingForClose')}</span>
        )}
      </p>
      {steps.length > 0 && (
        <div className="task-steps">
          {steps.map((step, index) => (
            <button
              key={step}
              type="button"
              className={`btn btn-tall btn-block ${index === 0 ? 'btn-primary' : ''}`}
              data-testid={`step-${step}`}
              disabled={busy !== null}
              onClick={() => onStep(step)}
            >
              {busy === step ? t('officerApp.tasks.sending') : t(`officerApp.steps.${step}`)}
            </button>
          ))}
        </div>
      )}
      {resolving && (
        <ResolveSheet
          task={task}
          onCancel={() => setResolving(false)}
          onResolve={async (body) => {
            if (await run('resolve', body)) setResolving(false);
          }}
          busy={busy === 'resolve'}
        />
      )}
    </article>
  );
}
