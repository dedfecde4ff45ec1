// One task: where and what, the SLA countdown, who has it, officers to send (recommended:
// responsible first, then nearest, with distance and last-fix age), and its live timeline.
import type { Recommendation, Task, TaskAction, TaskEvent } from '@fcc/shared';
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { dispatchTask, fetchRecommendations, fetchTask, stepTask } from '../api/endpoints';
import { ageParts, formatClock, formatDistance } from '../common/durations';
import { useErrorText } from '../common/useErrorText';
import { useNow } from '../common/useNow';
import { useGrids } from '../store/grids';
import { selectEvents, selectTask, useTasks } from '../store/tasks';
import { useUi } from '../store/ui';
import { PRIORITY_COLOURS } from './priorityColours';
import { slaSecondsLeft } from './taskFilters';

/** States from which the task can be sent to (other) officers. */
const DISPATCHABLE = new Set(['created']);
const REASSIGNABLE = new Set(['dispatched', 'acknowledged', 'en_route', 'on_scene']);

export function TaskDetail() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const taskId = useUi((state) => state.openTaskId);
  const task = useTasks(selectTask(taskId));
  const events = useTasks(selectEvents(taskId));
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    if (!taskId) return;
    const controller = new AbortController();
    setLoadError(null);
    fetchTask(taskId, controller.signal).then(
      (detail) => useTasks.getState().detailLoaded(detail),
      (error: unknown) => {
        if (!controller.signal.aborted) setLoadError(errorText(error));
      },
    );
    return () => controller.abort();
  }, [taskId, errorText]);

  if (!taskId) return null;
  const close = () => useUi.getState().openTask(null);

  return (
    <section
      className="drawer-form task-detail"
      data-testid="task-detail"
      data-state={task?.state}
      aria-labelledby="task-detail-heading"
    >
      <header className="drawer-header">
        <h2 id="task-detail-heading">
          {task ? (
            <>
              <span className="task-code" data-testid="task-code">
                {task.code}
              </span>{' '}
              <span className={`state-chip state-${task.state}`} data-testid="task-state">
                {t(`taskState.${task.state}`)}
              </span>
            </>
          ) : (
            t('task.loading')
          )}
        </h2>
        <button type="button" className="icon-button" aria-label={t('common.close')} onClick={close}>
          ×
        </button>
      </header>
      {loadError && <p className="form-error">{loadError}</p>}
      {task && <TaskSummary task={task} />}
      {task && <Assignment task={task} />}
      {task && <TaskActions task={task} />}
      {task && <Timeline events={events} />}
    </section>
  );
}

function TaskSummary({ task }: { task: Task }) {
  const { t } = useTranslation();
  const area = useGrids((state) => {
    const id = task.areaId ?? task.nearestAreaId;
    return id ? state.areas[id] : undefined;
  });
  const now = useNow(1000);
  const left = slaSecondsLeft(task, now);
  const ackLeft =
    task.state === 'dispatched' && task.ackDueAt ? (Date.parse(task.ackDueAt) - now) / 1000 : null;

  return (
    <>
      <div className="task-headline">
        <span
          className="priority-chip"
          style={{ borderColor: PRIORITY_COLOURS[task.priority], color: PRIORITY_COLOURS[task.priority] }}
        >
          {t(`priority.${task.priority}`)}
        </span>
        <span>{t(`category.${task.category}`, { defaultValue: task.category })}</span>
        {task.source !== 'operator' && <span className="muted">· {t(`taskSource.${task.source}`)}</span>}
      </div>
      {left !== null && (
        <div
          className={`sla-countdown ${left < 0 ? 'overdue' : left < 300 ? 'soon' : ''}`}
          data-testid="sla-countdown"
        >
          <span className="sla-label">{left < 0 ? t('task.slaOverdue') : t('task.slaLeft')}</span>
          <span className="sla-clock">{formatClock(left)}</span>
        </div>
      )}
      {ackLeft !== null && (
        <p className={ackLeft < 0 ? 'ack-due overdue' : 'ack-due'}>
          {ackLeft < 0
            ? t('task.ackOverdue', { clock: formatClock(-ackLeft) })
            : t('task.ackDue', { clock: formatClock(ackLeft) })}
        </p>
      )}
      {(task.escalatedAt || task.slaBreachedAt) && (
        <p className="escalation" data-testid="task-escalation">
          {task.escalatedAt && t('task.escalated')}
          {task.escalatedAt && task.slaBreachedAt && ' · '}
          {task.slaBreachedAt && t('task.slaBreached')}
        </p>
      )}
      <dl className="facts">
        <dt>{t('task.where')}</dt>
        <dd>
          <button
            type="button"
            className="link-button"
            onClick={() => useUi.getState().focusOn(task.location.lon, task.location.lat, 16)}
          >
            {task.address || `${task.location.lat.toFixed(5)}, ${task.location.lon.toFixed(5)}`}
          </button>
        </dd>
        <dt>{t('task.grid')}</dt>
        <dd data-testid="task-grid">
          {task.outsideManagedArea
            ? t('task.outside', { area: area ? `${area.properties.code} ${area.properties.name}` : '—' })
            : `${task.gridCellCode ?? '—'}${area ? ` · ${area.properties.name}` : ''}`}
        </dd>
        {task.description && (
          <>
            <dt>{t('task.description')}</dt>
            <dd className="task-description">{task.description}</dd>
          </>
        )}
        {task.timings.toCloseSeconds !== null && (
          <>
            <dt>{t('task.closedLoop')}</dt>
            <dd>{formatClock(task.timings.toCloseSeconds)}</dd>
          </>
        )}
      </dl>
    </>
  );
}

function Assignment({ task }: { task: Task }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const step = DISPATCHABLE.has(task.state) ? 'dispatch' : REASSIGNABLE.has(task.state) ? 'reassign' : null;
  const [showPicker, setShowPicker] = useState(false);
  const [recommendations, setRecommendations] = useState<Recommendation[] | null>(null);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const picking = step === 'dispatch' || showPicker;

  const load = useCallback(
    (signal?: AbortSignal) => {
      setError(null);
      fetchRecommendations(task.id, 6, signal).then(
        (list) => {
          setRecommendations(list);
          // The best candidate is pre-selected for a new task; a reassignment is chosen by hand.
          setChosen(new Set(step === 'dispatch' && list[0] ? [list[0].officerId] : []));
        },
        (caught: unknown) => {
          if (!signal?.aborted) setError(errorText(caught));
        },
      );
    },
    [task.id, step, errorText],
  );

  useEffect(() => {
    if (!picking) return;
    const controller = new AbortController();
    load(controller.signal);
    return () => controller.abort();
  }, [picking, load]);

  const send = async () => {
    if (!step) return;
    setSending(true);
    setError(null);
    try {
      useTasks.getState().loaded([await dispatchTask(task.id, step, { officerIds: [...chosen] })]);
      setShowPicker(false);
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setSending(false);
    }
  };

  return (
    <div className="assignment">
      {task.assignees.length > 0 && (
        <>
          <h3>{t('task.assignees')}</h3>
          <ul className="assignees" data-testid="task-assignees">
            {task.assignees.map((assignee) => (
              <li key={assignee.officerId}>
                <button
                  type="button"
                  className="link-button"
                  onClick={() => useUi.getState().selectOfficer(assignee.officerId)}
                >
                  {assignee.name}
                </button>{' '}
                <span className="muted">{t('officer.badge', { badge: assignee.badgeNo })}</span>{' '}
                <span className={assignee.acknowledgedAt ? 'ack yes' : 'ack no'}>
                  {assignee.acknowledgedAt ? t('task.acknowledged') : t('task.notAcknowledged')}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      {step === 'reassign' && !showPicker && (
        <button type="button" className="button button-small" onClick={() => setShowPicker(true)}>
          {t('task.reassign')}
        </button>
      )}
      {picking && (
        <div className="recommendations" data-testid="recommendations">
          <h3>{t('task.recommended')}</h3>
          {recommendations === null && !error && <p className="muted">{t('task.loadingRecommendations')}</p>}
          {recommendations?.length === 0 && <p className="muted">{t('task.noRecommendations')}</p>}
          {recommendations && recommendations.length > 0 && (
            <ul className="recommendation-list">
              {recommendations.map((officer) => {
                const age = ageParts(officer.lastFixAgeSeconds);
                return (
                  <li key={officer.officerId}>
                    <label data-testid="recommendation">
                      <input
                        type="checkbox"
                        checked={chosen.has(officer.officerId)}
                        onChange={(event) => {
                          const next = new Set(chosen);
                          if (event.target.checked) next.add(officer.officerId);
                          else next.delete(officer.officerId);
                          setChosen(next);
                        }}
                      />
                      <span className="recommendation-name">
                        {officer.name} <span className="muted">{officer.badgeNo}</span>
                      </span>
                      {officer.responsible && <span className="responsible">{t('task.responsible')}</span>}
                      <span className="recommendation-distance">
                        {formatDistance(officer.distanceMetres)}
                      </span>
                      <span className="muted recommendation-age">
                        {t(`age.${age.unit}`, { n: age.count })}
                      </span>
                    </label>
                  </li>
                );
              })}
            </ul>
          )}
          {error && <p className="form-error">{error}</p>}
          <div className="row-actions">
            <button
              type="button"
              className="button button-primary"
              data-testid="dispatch"
              disabled={chosen.size === 0 || sending}
              onClick={() => void send()}
            >
              {step === 'dispatch'
                ? t('task.dispatch', { n: chosen.size })
                : t('task.reassignTo', { n: chosen.size })}
            </button>
            <button type="button" className="button button-small" onClick={() => load()}>
              {t('task.refresh')}
            </button>
            {step === 'reassign' && (
              <button type="button" className="button button-small" onClick={() => setShowPicker(false)}>
                {t('common.cancel')}
              </button>
            )}
          </div>
        </div>
      )}
    </div>
  );
}

function TaskActions({ task }: { task: Task }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [reason, setReason] = useState('');

  const act = async (action: TaskAction, body = {}) => {
    setPending(true);
    setError(null);
    try {
      useTasks.getState().loaded([await stepTask(task.id, action, body)]);
      setCancelling(false);
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setPending(false);
    }
  };
  const canCancel = !['closed', 'cancelled'].includes(task.state);

  return (
    <div className="task-actions">
      {task.state === 'resolved' && (
        <button
          type="button"
          className="button button-primary"
          disabled={pending}
          onClick={() => void act('close')}
        >
          {t('task.close')}
        </button>
      )}
      {(task.state === 'resolved' || task.state === 'closed') && (
        <button type="button" className="button" disabled={pending} onClick={() => void act('reopen')}>
          {t('task.reopen')}
        </button>
      )}
      {canCancel && !cancelling && (
        <button type="button" className="button button-quiet" onClick={() => setCancelling(true)}>
          {t('task.cancel')}
        </button>
      )}
      {cancelling && (
        <form
          className="cancel-form"
          onSubmit={(event) => {
            event.preventDefault();
            void act('cancel', { reason: reason.trim() });
          }}
        >
          <input
            placeholder={t('task.cancelReason')}
            value={reason}
            maxLength={500}
            onChange={(event) => setReason(event.target.value)}
            required
          />
          <button type="submit" className="button" disabled={pending || !reason.trim()}>
            {t('task.confirmCancel')}
          </button>
          <button type="button" className="button button-quiet" onClick={() => setCancelling(false)}>
            {t('common.back')}
          </button>
        </form>
      )}
      {error && <p className="form-error">{error}</p>}
    </div>
  );
}

function Timeline({ events }: { events: TaskEvent[] | undefined }) {
  const { t, i18n } = useTranslation();
  if (!events) return null;
  const time = new Intl.DateTimeFormat(i18n.language, {
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
  });
  return (
    <div className="timeline">
      <h3>{t('task.timeline')}</h3>
      <ol data-testid="task-timeline">
        {[...events].reverse().map((event) => (
          <li key={event.id} className={`timeline-event event-${event.type}`} data-type={event.type}>
            <span className="timeline-time">{time.format(new Date(event.at))}</span>
            <span className="timeline-what">{t(`event.${event.type}`, { defaultValue: event.type })}</span>
            <span className="timeline-who muted">
              {event.actor === 'system' ? t('task.system') : event.actor}
            </span>
            {typeof event.data.note === 'string' && event.data.note && (
              <span className="timeline-note">{event.data.note}</span>
            )}
            {typeof event.data.reason === 'string' && event.data.reason && (
              <span className="timeline-note">{event.data.reason}</span>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}
