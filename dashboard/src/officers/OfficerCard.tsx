// The selected officer: who, their device and battery, how fresh the last fix is, what they
// are doing, and what the operator can do about it.
import { useTranslation } from 'react-i18next';
import { ageParts } from '../common/durations';
import { useNow } from '../common/useNow';
import { useAlerts } from '../store/alerts';
import { selectDevice, selectOfficer, useOfficers } from '../store/officers';
import { selectPositionOf, usePositions } from '../store/positions';
import { useTasks } from '../store/tasks';
import { useUi } from '../store/ui';
import { useGrids } from '../store/grids';
import { currentTasks, mapStatusOf, sosOfficers } from './officerStatus';
import { STATUS_COLOURS } from './statusColours';
import { TRACK_TAIL_MINUTES } from './TrackTailLayer';
import { startDrag } from '../wall/dragSource';
import { PushToTalkButton } from '../wall/PushToTalkButton';
import { showOfficerOnWall } from '../wall/showOnWall';
import { videoDeviceOf } from '../wall/videoDevice';
import { useStreams } from '../store/streams';

export function OfficerCard() {
  const { t } = useTranslation();
  const officerId = useUi((state) => state.selectedOfficerId);
  const officer = useOfficers(selectOfficer(officerId));
  const position = usePositions(selectPositionOf(officerId));
  const device = useOfficers(selectDevice(position?.deviceId));
  const tasks = useTasks((state) => state.items);
  const alerts = useAlerts((state) => state.items);
  const area = useGrids((state) => (officer?.areaId ? state.areas[officer.areaId] : undefined));
  const cell = useGrids((state) => (position?.gridCellId ? state.cells[position.gridCellId] : undefined));
  const devices = useOfficers((state) => state.devices);
  const streams = useStreams((state) => state.items);
  const now = useNow(1000);
  if (!officerId) return null;
  const videoDeviceId = videoDeviceOf(officerId, devices, position, streams);

  const currentTask = currentTasks(Object.values(tasks)).get(officerId);
  const status = mapStatusOf(
    officer,
    position,
    {
      sos: sosOfficers(Object.values(alerts), tasks),
      currentTask: new Map(currentTask ? [[officerId, currentTask]] : []),
      now,
    },
    officerId,
  );
  const fixAge = position ? ageParts((now - Date.parse(position.fixTime)) / 1000) : null;

  return (
    <section
      className="officer-card"
      aria-label={t('officer.cardLabel')}
      data-testid="officer-card"
      data-status={status}
    >
      <header
        className="officer-card-header"
        // Dragged onto a video wall tile, the officer's camera shows there.
        draggable={videoDeviceId !== null}
        onDragStart={(event) =>
          videoDeviceId && startDrag(event, { deviceId: videoDeviceId, officerId }, officer?.name ?? '')
        }
      >
        <span className="status-dot" style={{ backgroundColor: STATUS_COLOURS[status] }} />
        <div className="officer-card-title">
          <span className="officer-name">{officer?.name ?? t('officer.unknown')}</span>
          {officer && <span className="muted">{t('officer.badge', { badge: officer.badgeNo })}</span>}
        </div>
        <button
          type="button"
          className="icon-button"
          aria-label={t('common.close')}
          onClick={() => useUi.getState().selectOfficer(null)}
        >
          ×
        </button>
      </header>
      <p className={`officer-status status-${status}`}>{t(`status.${status}`)}</p>
      <dl className="facts">
        <dt>{t('officer.area')}</dt>
        <dd>
          {area ? `${area.properties.code} ${area.properties.name}` : '—'}
          {cell && <span className="muted"> · {t('officer.inCell', { code: cell.properties.code })}</span>}
        </dd>
        <dt>{t('officer.device')}</dt>
        <dd>
          {device ? `${device.name}` : '—'}
          {position?.battery !== null && position?.battery !== undefined && (
            <span className={position.battery < 20 ? 'battery low' : 'battery'}>
              {' '}
              · {t('officer.battery', { percent: Math.round(position.battery) })}
            </span>
          )}
        </dd>
        <dt>{t('officer.lastFix')}</dt>
        <dd data-testid="officer-last-fix">
          {fixAge ? t(`age.${fixAge.unit}`, { n: fixAge.count }) : t('officer.noFix')}
          {position?.speed !== null && position?.speed !== undefined && (
            <span className="muted"> · {t('officer.speed', { kmh: Math.round(position.speed * 3.6) })}</span>
          )}
        </dd>
        <dt>{t('officer.task')}</dt>
        <dd>
          {currentTask ? (
            <button
              type="button"
              className="link-button"
              onClick={() => useUi.getState().openTask(currentTask.id)}
            >
              {currentTask.code} · {t(`taskState.${currentTask.state}`)}
            </button>
          ) : (
            t('officer.noTask')
          )}
        </dd>
      </dl>
      <p className="muted small">{t('officer.trackTail', { minutes: TRACK_TAIL_MINUTES })}</p>
      <div className="officer-actions">
        <button
          type="button"
          className="button button-primary"
          data-testid="send-task"
          onClick={() =>
            useUi.getState().startDraft({
              officerId,
              location: position ? { lat: round6(position.lat), lon: round6(position.lon) } : null,
            })
          }
        >
          {t('officer.sendTask')}
        </button>
        <button
          type="button"
          className="button"
          data-testid="watch-video"
          disabled={videoDeviceId === null}
          title={videoDeviceId === null ? t('officer.noVideoDevice') : t('officer.watchVideoHint')}
          onClick={() => showOfficerOnWall(officerId)}
        >
          {t('officer.watchVideo')}
        </button>
        <PushToTalkButton deviceId={videoDeviceId} />
      </div>
    </section>
  );
}

/** Six decimals are about 10 cm: enough for a task's location, short enough to read. */
const round6 = (degrees: number) => Math.round(degrees * 1e6) / 1e6;
