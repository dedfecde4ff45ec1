// The supervisors' replay screen (/replay): pick an officer, task or case and a time range; the
// track on the map, the recording's video and the task events on one timeline, all driven by
// one clock. The query string (?officerId|deviceId|taskId|caseId&from&to) opens a replay directly.
import type { ClientConfig, Device, Officer, Replay, ReplayQuery } from '@fcc/shared';
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchDevices, fetchOfficers } from '../api/endpoints';
import { useErrorText } from '../common/useErrorText';
import { GridAreasLayer } from '../map/GridAreasLayer';
import { GridCellsLayer } from '../map/GridCellsLayer';
import { MapView } from '../map/MapView';
import { TopBar } from '../main/TopBar';
import { useGridsLoader } from '../main/useGridsLoader';
import { RecordingPanel } from './RecordingPanel';
import { fetchReplay } from './replayApi';
import { playableSegments, positionAt, REPLAY_SPEEDS, type ReplaySpeed } from './replayClock';
import { ReplayTimeline } from './ReplayTimeline';
import { ReplayTrackLayer } from './ReplayTrackLayer';
import { useReplayPlayer } from './useReplayPlayer';
import './replay.css';

const SUBJECTS = ['officerId', 'deviceId', 'taskId', 'caseId'] as const;
type Subject = (typeof SUBJECTS)[number];

interface Form {
  subject: Subject;
  id: string;
  from: string;
  to: string;
}

export function ReplayPage({ config }: { config: ClientConfig }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  useGridsLoader();
  const [officers, setOfficers] = useState<Officer[]>([]);
  const [devices, setDevices] = useState<Device[]>([]);
  const [form, setForm] = useState<Form>(formFromLocation);
  const [replay, setReplay] = useState<Replay | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [video, setVideo] = useState<HTMLVideoElement | null>(null);
  const player = useReplayPlayer(replay, video);
  const segments = useMemo(() => (replay ? playableSegments(replay.recordings) : []), [replay]);
  const position = useMemo(
    () => (replay ? positionAt(replay.track, player.timeMs) : null),
    [replay, player.timeMs],
  );

  useEffect(() => {
    const controller = new AbortController();
    fetchOfficers(controller.signal).then(setOfficers, () => undefined);
    fetchDevices(controller.signal).then(setDevices, () => undefined);
    return () => controller.abort();
  }, []);

  const load = useCallback(
    async (wanted: Form) => {
      if (!wanted.id) return;
      const query: ReplayQuery = { [wanted.subject]: wanted.id };
      if (wanted.from && wanted.to) {
        query.from = new Date(wanted.from).toISOString();
        query.to = new Date(wanted.to).toISOString();
      }
      setLoading(true);
      setError(null);
      try {
        const found = await fetchReplay(query);
        setReplay(found);
        const params = new URLSearchParams(query as Record<string, string>);
        window.history.replaceState(null, '', `/replay?${params}`);
      } catch (reason) {
        setError(errorText(reason));
      } finally {
        setLoading(false);
      }
    },
    [errorText],
  );

  // Opened with a query string: replay it at once.
  useEffect(() => {
    void load(formFromLocation());
  }, [load]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void load(form);
  };
  // From the latest document: after an edit the replay is reloaded while the player keeps its place.
  const playingId = player.current?.recording.id;
  const recordingShown = replay?.recordings.find((recording) => recording.id === playingId) ?? null;

  return (
    <div className="main-layout">
      <TopBar townName={config.townName} />
      <div className="replay-layout">
        <form className="replay-form" onSubmit={submit} data-testid="replay-form">
          <a className="button" href="/">
            {t('replay.backToMap')}
          </a>
          <select
            aria-label={t('replay.subject')}
            value={form.subject}
            onChange={(event) => setForm({ ...form, subject: event.target.value as Subject, id: '' })}
          >
            <option value="officerId">{t('replay.byOfficer')}</option>
            <option value="deviceId">{t('replay.byDevice')}</option>
            <option value="taskId">{t('replay.byTask')}</option>
            <option value="caseId">{t('replay.byCase')}</option>
          </select>
          {form.subject === 'officerId' ? (
            <select
              aria-label={t('replay.officer')}
              value={form.id}
              onChange={(event) => setForm({ ...form, id: event.target.value })}
            >
              <option value="">{t('replay.chooseOfficer')}</option>
              {officers.map((officer) => (
                <option key={officer.id} value={officer.id}>
                  {officer.name} ({officer.badgeNo})
                </option>
              ))}
            </select>
          ) : form.subject === 'deviceId' ? (
            <select
              aria-label={t('replay.device')}
              value={form.id}
              onChange={(event) => setForm({ ...form, id: event.target.value })}
            >
              <option value="">{t('replay.chooseDevice')}</option>
              {devices.map((device) => (
                <option key={device.id} value={device.id}>
                  {device.name} ({device.uniqueId})
                </option>
              ))}
            </select>
          ) : (
            <input
              aria-label={t(form.subject === 'taskId' ? 'replay.taskId' : 'replay.caseId')}
              placeholder={t(form.subject === 'taskId' ? 'replay.taskId' : 'replay.caseId')}
              value={form.id}
              onChange={(event) => setForm({ ...form, id: event.target.value.trim() })}
            />
          )}
          <label>
            {t('replay.from')}
            <input
              type="datetime-local"
              step={1}
              value={form.from}
              onChange={(event) => setForm({ ...form, from: event.target.value })}
            />
          </label>
          <label>
            {t('replay.to')}
            <input
              type="datetime-local"
              step={1}
              value={form.to}
              onChange={(event) => setForm({ ...form, to: event.target.value })}
            />
          </label>
          <button type="submit" className="button button-primary" disabled={loading || !form.id}>
            {loading ? t('replay.loading') : t('replay.load')}
          </button>
          {error && (
            <p className="replay-error" role="alert">
              {error}
            </p>
          )}
        </form>

        <div className="replay-body">
          <div className="replay-video">
            <video
              ref={setVideo}
              data-testid="replay-video"
              playsInline
              data-wall-clock={player.current ? Math.round(player.timeMs) : undefined}
            />
            {!player.current && (
              <p className="replay-video-notice">
                {player.loading ? t('replay.loading') : replay ? t('replay.noVideo') : t('replay.pick')}
              </p>
            )}
            {player.error && <p className="replay-error">{player.error}</p>}
          </div>
          <main className="map-area replay-map">
            <MapView styleUrl={config.mapStyleUrl} centre={config.mapCentre} zoom={config.mapZoom}>
              <GridAreasLayer />
              <GridCellsLayer />
              {replay && <ReplayTrackLayer replay={replay} position={position} onSeek={player.seek} />}
            </MapView>
          </main>
          <aside className="replay-side">
            {replay && (
              <p className="replay-summary">
                {replay.officerName ?? replay.deviceId} ·{' '}
                {t('replay.counts', {
                  recordings: replay.recordings.length,
                  fixes: replay.track.fixCount,
                  events: replay.taskEvents.length,
                })}
              </p>
            )}
            {recordingShown ? (
              <RecordingPanel recording={recordingShown} onChanged={() => void load(formFromLocation())} />
            ) : (
              replay && <p>{t('replay.noRecordingHere')}</p>
            )}
          </aside>
        </div>

        {replay && (
          <div className="replay-controls">
            <button
              type="button"
              className="button button-primary"
              data-testid="replay-play"
              onClick={player.playing ? player.pause : player.play}
            >
              {player.playing ? t('replay.pause') : t('replay.play')}
            </button>
            <label>
              {t('replay.speed')}
              <select
                data-testid="replay-speed"
                value={player.speed}
                onChange={(event) => player.setSpeed(Number(event.target.value) as ReplaySpeed)}
              >
                {REPLAY_SPEEDS.map((speed) => (
                  <option key={speed} value={speed}>
                    {speed}×
                  </option>
                ))}
              </select>
            </label>
            <time data-testid="replay-time">{new Date(player.timeMs).toLocaleString()}</time>
            {player.mutedByBrowser && <span>{t('replay.muted')}</span>}
            <ReplayTimeline replay={replay} segments={segments} timeMs={player.timeMs} onSeek={player.seek} />
          </div>
        )}
      </div>
    </div>
  );
}

/** The form as the address gives it; an hour up to now when it gives no range. */
function formFromLocation(): Form {
  const params = new URLSearchParams(window.location.search);
  const subject = SUBJECTS.find((key) => params.get(key)) ?? 'officerId';
  const to = params.get('to') ? new Date(params.get('to')!) : new Date();
  const from = params.get('from') ? new Date(params.get('from')!) : new Date(to.getTime() - 3_600_000);
  const explicit = params.get('from') !== null && params.get('to') !== null;
  // An officer or a device has no time of its own: a range is needed (a task or case has one).
  const byPerson = subject === 'officerId' || subject === 'deviceId';
  return {
    subject,
    id: params.get(subject) ?? '',
    from: explicit || byPerson ? toLocalInput(from) : '',
    to: explicit || byPerson ? toLocalInput(to) : '',
  };
}

function toLocalInput(date: Date): string {
  const local = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 19);
}
