// The command line of `npm run sim`, parsed and checked in one place (process.env is read only
// here too). A mistake is a UsageError with a message that says what to type instead.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { VIDEO_MODES, type VideoMode } from './camera-policy';
import type { Mobility } from './patrol';

export class UsageError extends Error {}

export type Transport = 'socket' | 'http';
export type VideoTransport = 'whip' | 'rtmp';

export type Scenario =
  | { kind: 'sos'; officer: string; atSeconds: number }
  | { kind: 'dead-zone'; officers: string[] | 'all'; fromSeconds: number; toSeconds: number }
  | { kind: 'dead-zone-area'; lon: number; lat: number; radiusMetres: number }
  | { kind: 'battery-dying'; officer: string | null }
  | { kind: 'osmand'; officer: string | null };

export interface SimOptions {
  server: string;
  officers: number;
  load: boolean;
  tokensFile: string;
  admin: { username: string; password: string } | null;
  fixIntervalSeconds: number;
  uploadIntervalSeconds: number;
  mobility: Mobility | 'mixed';
  transport: Transport;
  osmandUrl: string;
  durationSeconds: number | null;
  seed: number;
  ackDelaySeconds: [number, number];
  sceneSeconds: [number, number];
  declineShare: number;
  shiftHours: number;
  scenarios: Scenario[];
  waitForServerSeconds: number;
  /** Live summary line on a terminal; periodic plain lines otherwise (and with --plain). */
  interactive: boolean;
  /** Seconds between plain summary lines. */
  statusEverySeconds: number;
  video: {
    /** Officers with a body camera (spread evenly over the fleet). */
    cameras: number;
    mode: VideoMode;
    transport: VideoTransport;
    /** Where each camera's loop is encoded once and kept. */
    cacheDir: string;
  };
}

export const USAGE = `Usage: npm run sim -- [options]

  --server URL            the command centre (default http://127.0.0.1:8080, or SIM_SERVER)
  --officers N            simulated officers (default 16; with --load 1000)
  --tokens FILE           device tokens, {"<device uniqueId>": "<token>"} (default
                          data/demo-device-tokens.json, written by the server's first start)
  --admin-password PW     sign in as an administrator (or set ADMIN_PASSWORD) to issue missing
                          tokens (saved to --tokens) and put the officers on a duty shift
  --admin-user NAME       (default admin)
  --fix-interval S        seconds between GPS fixes (default 1)
  --upload-interval S     seconds between uploads of buffered fixes (default 3)
  --mobility M            foot, motorbike or mixed (default mixed: one in four on a motorbike)
  --transport T           socket (the /device socket, default) or http (POST batches)
  --duration D            run for D (e.g. 90s, 10m, 1h) with a progress bar, then stop
  --seed N                random seed; the same seed gives the same routes and choices (default 1)
  --ack-delay A-B         seconds before an officer acknowledges a task (default 3-15)
  --scene-time A-B        seconds spent on scene before resolving (default 20-90)
  --decline SHARE         share of tasks left unanswered, to exercise escalation (default 0.1)
  --shift-hours H         length of the shifts created with admin credentials (default 12)
  --scenario SPEC         repeatable:
                            sos:OFFICER[@T]            SOS at T (default 10s)
                            dead-zone[:OFFICER,…]@T1-T2  no 4G between T1 and T2
                            dead-zone-area:LON,LAT,R   no 4G within R metres of a point
                            battery-dying[:OFFICER]    battery almost empty; the device dies
                            osmand[:OFFICER]           reports over the OsmAnd protocol instead
                          OFFICER is a badge number, a device unique id or a name.
  --osmand-url URL        the OsmAnd listener (default the server's host, port 5055)
  --video M               M of the officers carry a body camera that publishes video (default 0)
  --video-mode MODE       on-request (publish when the command centre asks, default) or always
                          (recording from the start: the server raises camera-activated)
  --video-transport T     whip (WebRTC, default) or rtmp (push to the device's stream key,
                          issued with the administrator password)
  --video-cache DIR       where each camera's 10 s loop is encoded once (default data/sim-video)
  --load                  load mode: GPS only, devices SIM-LOAD-000001… created as needed
  --wait-for-server S     wait up to S seconds for the server to answer (default 0)
  --plain                 a summary line every --status-every (default 60 s) instead of a live one
  --status-every S        (default 60 with --plain, 10 when the output is not a terminal)
  --help

Exit codes: 0 done; 1 the server refused us (bad token, 4xx, a refused publish) or fixes were lost; 2 usage.`;

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/;
const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };

export function parseDuration(text: string, what: string): number {
  const match = DURATION.exec(text.trim());
  if (!match) throw new UsageError(`${what}: "${text}" is not a duration (e.g. 30, 90s, 10m, 1h)`);
  return Number(match[1]) * UNIT_SECONDS[match[2] ?? 's']!;
}

function parseRange(text: string, what: string): [number, number] {
  const [a, b = a] = text.split('-');
  const range: [number, number] = [parseDuration(a ?? '', what), parseDuration(b ?? '', what)];
  if (range[1] < range[0]) throw new UsageError(`${what}: the range ${text} runs backwards`);
  return range;
}

function parseNumber(text: string, what: string, min: number, max: number, integer = false): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value)))
    throw new UsageError(
      `${what} must be ${integer ? 'an integer' : 'a number'} in [${min}, ${max}], not "${text}"`,
    );
  return value;
}

export function parseScenario(spec: string): Scenario {
  const [head = '', at] = spec.split('@');
  const [kind, argument] = [head.split(':')[0], head.split(':').slice(1).join(':') || null];
  switch (kind) {
    case 'sos':
      if (!argument) throw new UsageError('sos needs an officer: --scenario sos:0401001@30s');
      return { kind, officer: argument, atSeconds: at ? parseDuration(at, 'sos time') : 10 };
    case 'dead-zone': {
      if (!at) throw new UsageError('dead-zone needs a time window: --scenario dead-zone@30s-90s');
      const [fromSeconds, toSeconds] = parseRange(at, 'dead-zone window');
      if (toSeconds <= fromSeconds) throw new UsageError('dead-zone: the window must end after it starts');
      return { kind, officers: argument ? argument.split(',') : 'all', fromSeconds, toSeconds };
    }
    case 'dead-zone-area': {
      const parts = (argument ?? '').split(',').map(Number);
      const [lon, lat, radiusMetres] = parts;
      if (parts.length !== 3 || parts.some((n) => !Number.isFinite(n)) || !(radiusMetres! > 0))
        throw new UsageError(
          'dead-zone-area needs LON,LAT,RADIUS: --scenario dead-zone-area:111.67,40.82,300',
        );
      return { kind, lon: lon!, lat: lat!, radiusMetres: radiusMetres! };
    }
    case 'battery-dying':
    case 'osmand':
      return { kind, officer: argument };
    default:
      throw new UsageError(
        `unknown scenario "${spec}": use sos, dead-zone, dead-zone-area, battery-dying or osmand`,
      );
  }
}

export function parseOptions(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  repoRoot: string,
  isTty: boolean,
): SimOptions | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        server: { type: 'string' },
        officers: { type: 'string' },
        load: { type: 'boolean' },
        tokens: { type: 'string' },
        'admin-user': { type: 'string' },
        'admin-password': { type: 'string' },
        'fix-interval': { type: 'string' },
        'upload-interval': { type: 'string' },
        mobility: { type: 'string' },
        transport: { type: 'string' },
        'osmand-url': { type: 'string' },
        duration: { type: 'string' },
        seed: { type: 'string' },
        'ack-delay': { type: 'string' },
        'scene-time': { type: 'string' },
        decline: { type: 'string' },
        'shift-hours': { type: 'string' },
        scenario: { type: 'string', multiple: true },
        'wait-for-server': { type: 'string' },
        plain: { type: 'boolean' },
        'status-every': { type: 'string' },
        video: { type: 'string' },
        'video-mode': { type: 'string' },
        'video-transport': { type: 'string' },
        'video-cache': { type: 'string' },
        help: { type: 'boolean' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const v = parsed.values;
  if (v.help) return 'help';

  const server = v.server ?? env.SIM_SERVER ?? 'http://127.0.0.1:8080';
  let serverUrl: URL;
  try {
    serverUrl = new URL(server);
  } catch {
    throw new UsageError(`--server: "${server}" is not a URL (e.g. http://127.0.0.1:8080)`);
  }
  const mobility = v.mobility ?? 'mixed';
  if (!['foot', 'motorbike', 'mixed'].includes(mobility))
    throw new UsageError(`--mobility must be foot, motorbike or mixed, not "${mobility}"`);
  const transport = v.transport ?? 'socket';
  if (transport !== 'socket' && transport !== 'http')
    throw new UsageError(`--transport must be socket or http, not "${transport}"`);
  const load = v.load ?? false;
  const password = v['admin-password'] ?? env.ADMIN_PASSWORD ?? '';
  const videoMode = v['video-mode'] ?? 'on-request';
  if (!(VIDEO_MODES as readonly string[]).includes(videoMode))
    throw new UsageError(`--video-mode must be on-request or always, not "${videoMode}"`);
  const videoTransport = v['video-transport'] ?? 'whip';
  if (videoTransport !== 'whip' && videoTransport !== 'rtmp')
    throw new UsageError(`--video-transport must be whip or rtmp, not "${videoTransport}"`);
  const dataDir = env.DATA_DIR ?? path.join(repoRoot, 'data');
  const osmandUrl = new URL(serverUrl);
  osmandUrl.port = '5055';
  osmandUrl.pathname = '/';

  const options: SimOptions = {
    server: serverUrl.origin,
    officers: parseNumber(v.officers ?? (load ? '1000' : '16'), '--officers', 1, 100_000, true),
    load,
    tokensFile: path.resolve(v.tokens ?? path.join(dataDir, 'demo-device-tokens.json')),
    admin: password ? { username: v['admin-user'] ?? 'admin', password } : null,
    fixIntervalSeconds: parseDuration(v['fix-interval'] ?? '1', '--fix-interval'),
    uploadIntervalSeconds: parseDuration(v['upload-interval'] ?? '3', '--upload-interval'),
    mobility: mobility as SimOptions['mobility'],
    transport,
    osmandUrl: v['osmand-url'] ?? osmandUrl.toString(),
    durationSeconds: v.duration === undefined ? null : parseDuration(v.duration, '--duration'),
    seed: parseNumber(v.seed ?? '1', '--seed', -(2 ** 31), 2 ** 31 - 1, true),
    ackDelaySeconds: parseRange(v['ack-delay'] ?? '3-15', '--ack-delay'),
    sceneSeconds: parseRange(v['scene-time'] ?? '20-90', '--scene-time'),
    declineShare: parseNumber(v.decline ?? '0.1', '--decline', 0, 1),
    shiftHours: parseNumber(v['shift-hours'] ?? '12', '--shift-hours', 0.1, 24 * 7),
    scenarios: (v.scenario ?? []).map(parseScenario),
    waitForServerSeconds: parseDuration(v['wait-for-server'] ?? '0', '--wait-for-server'),
    interactive: isTty && !v.plain,
    statusEverySeconds: parseDuration(v['status-every'] ?? (v.plain ? '60' : '10'), '--status-every'),
    video: {
      cameras: parseNumber(v.video ?? '0', '--video', 0, 100_000, true),
      mode: videoMode as VideoMode,
      transport: videoTransport,
      cacheDir: path.resolve(v['video-cache'] ?? path.join(dataDir, 'sim-video')),
    },
  };
  if (options.fixIntervalSeconds < 0.05) throw new UsageError('--fix-interval must be at least 0.05 s');
  if (options.uploadIntervalSeconds < 0.05) throw new UsageError('--upload-interval must be at least 0.05 s');
  if (options.durationSeconds !== null && options.durationSeconds <= 0)
    throw new UsageError('--duration must be more than 0');
  if (load && options.scenarios.length > 0)
    throw new UsageError('--load is GPS only; scenarios need the ordinary mode');
  if (load && options.video.cameras > 0)
    throw new UsageError('--load is GPS only; --video needs the ordinary mode');
  if (options.video.cameras > options.officers)
    throw new UsageError(
      `--video ${options.video.cameras} is more than the ${options.officers} officers simulated`,
    );
  if (options.video.transport === 'rtmp' && options.video.cameras > 0 && !options.admin)
    throw new UsageError(
      '--video-transport rtmp needs the administrator password (--admin-password or ADMIN_PASSWORD) to issue the stream keys',
    );
  return options;
}
