// What the fleet has done so far, for the summary line and the final report.
const RATE_WINDOW_MS = 10_000;

export class FleetStats {
  officers = 0;
  connected = 0;
  fixesTaken = 0;
  fixesSent = 0;
  /** Stored, or already stored (a resend after a lost ack): either way safe on the server. */
  fixesAcked = 0;
  fixesRejected = 0;
  outliers = 0;
  batchesRetried = 0;
  tasksReceived = 0;
  tasksAcknowledged = 0;
  tasksResolved = 0;
  tasksDeclined = 0;
  tasksAbandoned = 0;
  sosSent = 0;
  /** Officers with a body camera; of them, publishing now. */
  cameras = 0;
  streamsLive = 0;
  /** Audio packets of operators' talkback received by the devices. */
  talkbackPackets = 0;
  devicesDead = 0;
  /** Fixes still on the devices (offline, or waiting for an ack). */
  buffered = 0;
  /** Refusals that stop a device: bad token, 4xx. */
  readonly refusals: string[] = [];

  /** Counter samples of the last few seconds: uploads come in bursts, a 1 s rate would flicker. */
  private samples: { at: number; sent: number; acked: number }[] = [];
  rates = { sentPerSecond: 0, ackedPerSecond: 0 };

  /** Recomputes the per-second rates over the last RATE_WINDOW_MS. */
  sampleRates(now = Date.now()): void {
    this.samples.push({ at: now, sent: this.fixesSent, acked: this.fixesAcked });
    while (this.samples.length > 2 && now - this.samples[0]!.at > RATE_WINDOW_MS) this.samples.shift();
    const first = this.samples[0]!;
    const seconds = (now - first.at) / 1000;
    if (seconds <= 0) return;
    this.rates = {
      sentPerSecond: (this.fixesSent - first.sent) / seconds,
      ackedPerSecond: (this.fixesAcked - first.acked) / seconds,
    };
  }

  summary(): string {
    const parts = [
      `${this.connected}/${this.officers} connected`,
      `fixes/s sent ${this.rates.sentPerSecond.toFixed(0)} acked ${this.rates.ackedPerSecond.toFixed(0)}`,
      `acked ${this.fixesAcked}/${this.fixesTaken}`,
    ];
    if (this.buffered > 0) parts.push(`buffered ${this.buffered}`);
    if (this.fixesRejected > 0) parts.push(`rejected ${this.fixesRejected}`);
    if (this.tasksReceived > 0)
      parts.push(
        `tasks ${this.tasksReceived} (ack ${this.tasksAcknowledged}, resolved ${this.tasksResolved}, declined ${this.tasksDeclined})`,
      );
    if (this.sosSent > 0) parts.push(`SOS ${this.sosSent}`);
    if (this.cameras > 0) parts.push(`streams live ${this.streamsLive}/${this.cameras}`);
    if (this.talkbackPackets > 0) parts.push(`talkback packets ${this.talkbackPackets}`);
    if (this.devicesDead > 0) parts.push(`dead batteries ${this.devicesDead}`);
    return parts.join(' · ');
  }
}
