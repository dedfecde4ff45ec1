// The officer's open tasks, most urgent first, live from the device socket.
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useDeviceSession } from '../store/deviceSession';
import { useGpsStatus } from '../store/gpsStatus';
import { useNotice } from '../store/notice';
import { sortTasks, useOfficerTasks } from '../store/officerTasks';
import { TaskCard } from './TaskCard';

export function TaskList() {
  const { t } = useTranslation();
  const officerId = useDeviceSession((state) => state.self?.officer?.id ?? null);
  const tasks = useOfficerTasks(useShallow((state) => sortTasks(Object.values(state.items))));
  const notice = useNotice((state) => state.notice);
  const online = useGpsStatus((state) => state.online);
  const clearNotice = useNotice((state) => state.clear);
  if (!officerId) return <p className="notice notice-warn">{t('officerApp.noOfficer')}</p>;
  return (
    <section className="task-list" aria-label={t('officerApp.tasks.heading')} data-testid="task-list">
      <h2 className="section-title">
        {t('officerApp.tasks.heading')} <span className="count">{tasks.length}</span>
      </h2>
      {!online && tasks.length > 0 && (
        <p className="muted" data-testid="tasks-offline">
          {t('officerApp.tasks.asOfLastConnection')}
        </p>
      )}
      {notice && (
        <div className={`notice notice-${notice.tone}`} role="alert" data-testid="task-notice">
          <p>{notice.text}</p>
          {notice.detail && <p className="notice-detail">{notice.detail}</p>}
          <button type="button" className="btn btn-quiet" onClick={clearNotice}>
            {t('common.close')}
          </button>
        </div>
      )}
      {tasks.length === 0 && <p className="empty">{t('officerApp.tasks.none')}</p>}
      {tasks.map((task) => (
        <TaskCard key={task.id} task={task} officerId={officerId} />
      ))}
    </section>
  );
}
