// The task board: open tasks by state and area, filtered and searched, the ones needing the
// operator first. Closed and cancelled tasks are loaded from the server when asked for.
import { OPEN_TASK_STATES, TASK_PRIORITIES, type Task, type TaskPriority } from '@fcc/shared';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchTasks } from '../api/endpoints';
import { formatClock } from '../common/durations';
import { useErrorText } from '../common/useErrorText';
import { useNow } from '../common/useNow';
import { selectAreas, useGrids } from '../store/grids';
import { selectTasks, useTasks } from '../store/tasks';
import { useUi } from '../store/ui';
import { useTaskCategories } from './categories';
import { PRIORITY_COLOURS } from './priorityColours';
import {
  boardTasks,
  countByState,
  NO_FILTERS,
  slaSecondsLeft,
  type StateFilter,
  type TaskFilters,
} from './taskFilters';

const STATE_FILTERS: StateFilter[] = ['open', ...OPEN_TASK_STATES, 'closed', 'cancelled'];

export function TaskBoard() {
  const { t } = useTranslation();
  const categories = useTaskCategories();
  const errorText = useErrorText();
  const tasks = useTasks(selectTasks);
  const areas = useGrids(selectAreas);
  const [filters, setFilters] = useState<TaskFilters>(NO_FILTERS);
  const [historyError, setHistoryError] = useState<string | null>(null);
  const set = (patch: Partial<TaskFilters>) => setFilters((previous) => ({ ...previous, ...patch }));

  // Done tasks are not kept live from the start: fetch those matching the filters on demand.
  const history = filters.state === 'closed' || filters.state === 'cancelled';
  useEffect(() => {
    if (!history) return;
    const controller = new AbortController();
    const timer = window.setTimeout(() => {
      setHistoryError(null);
      fetchTasks(
        {
          state: filters.state,
          limit: 200,
          ...(filters.areaId ? { areaId: filters.areaId } : {}),
          ...(filters.category ? { category: filters.category } : {}),
          ...(filters.search.trim() ? { q: filters.search.trim() } : {}),
        },
        controller.signal,
      ).then(
        (list) => useTasks.getState().loaded(list),
        (error: unknown) => {
          if (!controller.signal.aborted) setHistoryError(errorText(error));
        },
      );
    }, 300);
    return () => {
      window.clearTimeout(timer);
      controller.abort();
    };
  }, [history, filters.state, filters.areaId, filters.category, filters.search, errorText]);

  const list = useMemo(() => boardTasks(Object.values(tasks), filters), [tasks, filters]);
  const counts = useMemo(() => countByState(Object.values(tasks)), [tasks]);
  const areaOptions = useMemo(
    () =>
      Object.values(areas).sort((a, b) =>
        a.properties.code.localeCompare(b.properties.code, 'en', { numeric: true }),
      ),
    [areas],
  );

  return (
    <section
      className="panel-section task-board"
      aria-labelledby="task-board-heading"
      data-testid="task-board"
    >
      <div className="section-header">
        <h2 id="task-board-heading">{t('board.heading')}</h2>
        <button
          type="button"
          className="button button-primary button-small"
          data-testid="new-task"
          onClick={() => useUi.getState().startDraft()}
        >
          {t('board.newTask')}
        </button>
      </div>
      <div className="state-counts">
        {OPEN_TASK_STATES.map((state) => (
          <button
            key={state}
            type="button"
            className={filters.state === state ? 'state-count active' : 'state-count'}
            onClick={() => set({ state: filters.state === state ? 'open' : state })}
          >
            <span className="state-count-n">{counts[state] ?? 0}</span>
            <span className="state-count-label">{t(`taskState.${state}`)}</span>
          </button>
        ))}
      </div>
      <div className="board-filters">
        <input
          type="search"
          placeholder={t('board.search')}
          aria-label={t('board.search')}
          value={filters.search}
          onChange={(event) => set({ search: event.target.value })}
          data-testid="board-search"
        />
        <select
          aria-label={t('board.state')}
          value={filters.state}
          onChange={(event) => set({ state: event.target.value as StateFilter })}
        >
          {STATE_FILTERS.map((state) => (
            <option key={state} value={state}>
              {state === 'open' ? t('board.allOpen') : t(`taskState.${state}`)}
            </option>
          ))}
        </select>
        <select
          aria-label={t('board.area')}
          value={filters.areaId ?? ''}
          onChange={(event) => set({ areaId: event.target.value || null })}
        >
          <option value="">{t('board.allAreas')}</option>
          {areaOptions.map((area) => (
            <option key={area.properties.id} value={area.properties.id}>
              {area.properties.code} {area.properties.name}
            </option>
          ))}
        </select>
        <select
          aria-label={t('board.category')}
          value={filters.category ?? ''}
          onChange={(event) => set({ category: event.target.value || null })}
        >
          <option value="">{t('board.allCategories')}</option>
          {categories.map((option) => (
            <option key={option.code} value={option.code}>
              {t(`category.${option.code}`, { defaultValue: option.name })}
            </option>
          ))}
        </select>
        <select
          aria-label={t('board.priority')}
          value={filters.priority ?? ''}
          onChange={(event) => set({ priority: (event.target.value || null) as TaskPriority | null })}
        >
          <option value="">{t('board.allPriorities')}</option>
          {TASK_PRIORITIES.map((priority) => (
            <option key={priority} value={priority}>
              {t(`priority.${priority}`)}
            </option>
          ))}
        </select>
      </div>
      {historyError && <p className="form-error">{historyError}</p>}
      {list.length === 0 ? (
        <p className="muted calm-note">
          {filters === NO_FILTERS ? t('board.noOpenTasks') : t('board.noMatch')}
        </p>
      ) : (
        <ul className="task-list">
          {list.map((task) => (
            <TaskRow
              key={task.id}
              task={task}
              areaCode={task.areaId ? areas[task.areaId]?.properties.code : undefined}
            />
          ))}
        </ul>
      )}
    </section>
  );
}

function TaskRow({ task, areaCode }: { task: Task; areaCode: string | undefined }) {
  const { t } = useTranslation();
  const now = useNow(1000);
  const openTaskId = useUi((state) => state.openTaskId);
  const left = slaSecondsLeft(task, now);
  const alarm = task.slaBreachedAt !== null || task.escalatedAt !== null;
  return (
    <li>
      <button
        type="button"
        className={`task-row${openTaskId === task.id ? ' selected' : ''}${alarm ? ' alarm' : ''}`}
        data-testid="task-row"
        data-code={task.code}
        data-state={task.state}
        onClick={() => {
          useUi.getState().openTask(task.id);
          useUi.getState().focusOn(task.location.lon, task.location.lat);
        }}
      >
        <span className="priority-bar" style={{ backgroundColor: PRIORITY_COLOURS[task.priority] }} />
        <span className="task-row-main">
          <span className="task-row-top">
            <span className="task-code">{task.code}</span>
            <span className={`state-chip state-${task.state}`}>{t(`taskState.${task.state}`)}</span>
          </span>
          <span className="task-row-what">
            {t(`category.${task.category}`, { defaultValue: task.category })}
            {task.gridCellCode ? ` · ${task.gridCellCode}` : areaCode ? ` · ${areaCode}` : ''}
            {task.assignees.length > 0 && ` · ${task.assignees.map((assignee) => assignee.name).join('、')}`}
          </span>
        </span>
        {left !== null && (
          <span className={`task-row-sla${left < 0 ? ' overdue' : left < 300 ? ' soon' : ''}`}>
            {formatClock(left)}
          </span>
        )}
      </button>
    </li>
  );
}
