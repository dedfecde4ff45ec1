// Where the relays run, from MEDIA_WORKERS: 0 keeps every relay in the service's own thread;
// N > 0 spreads streams over N relay worker threads (relay-workers.ts).
import type { Logger } from 'pino';
import type { MediaConfig } from './media-service';
import { RelayStream, type RelayOptions, type StreamCodecs } from './relay-stream';
import type { RelayHost, RelayLoad } from './stream-relay';
import { RelayWorkers } from './relay-workers';
import { threadCpuSeconds } from './thread-cpu';

/** Relays in this thread (MEDIA_WORKERS=0). */
export class LocalRelays implements RelayHost {
  private relays: RelayStream[] = [];

  constructor(
    private readonly options: RelayOptions,
    private readonly log: Logger,
  ) {}

  open(id: string, codecs: StreamCodecs): RelayStream {
    const relay = new RelayStream(id, codecs, this.options, this.log.child({ streamId: id }));
    this.relays = [...this.relays.filter((open) => !open.isClosed), relay];
    return relay;
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  load(): RelayLoad[] {
    const relays = (this.relays = this.relays.filter((open) => !open.isClosed));
    return [
      {
        worker: null,
        streams: relays.length,
        viewers: relays.reduce((sum, relay) => sum + relay.viewerCount, 0),
        forwardedMbps: 0,
        eventLoopUtilization: 0,
        heapUsedMb: process.memoryUsage().heapUsed / 1e6,
        // This thread also serves HTTP, the database and sockets: its CPU is not the relay's alone.
        cpuSeconds: threadCpuSeconds(),
        restarts: 0,
      },
    ];
  }
}

export function relayOptions(config: MediaConfig): RelayOptions {
  return {
    gopCacheBytes: config.gopCacheBytes,
    gopCacheMaxMs: config.gopCacheMaxMs,
    pliMinIntervalMs: config.pliMinIntervalMs,
    peer: {
      iceAdditionalHostAddresses: config.iceAdditionalHostAddresses,
      icePortRange: config.icePortRange,
      gatherTimeoutMs: 2000,
    },
  };
}

export function createRelayHost(config: MediaConfig, logLevel: string, log: Logger): RelayHost {
  const options = relayOptions(config);
  if (config.workers === 0) return new LocalRelays(options, log);
  // Reports often enough that the watchdog sees a quiet publisher within a quarter of its timeout.
  const heartbeatMs = Math.max(50, Math.min(250, Math.floor(config.mediaTimeoutMs / 4)));
  return new RelayWorkers(config.workers, options, heartbeatMs, logLevel, log);
}
