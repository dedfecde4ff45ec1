// The SOS alarm: a two-tone beep, repeated, made with Web Audio (no sound file to ship).
// Browsers may keep audio suspended until the operator interacts with the page; the banner
// says so, and the next click anywhere starts it.
export type AlarmState = 'off' | 'playing' | 'blocked';

const BEEP_EVERY_MS = 2000;

export class AlarmSound {
  private context: AudioContext | null = null;
  private timer: number | null = null;
  private readonly onGesture = () => void this.context?.resume().then(() => this.notify());

  constructor(private readonly onState: (state: AlarmState) => void) {}

  start(): void {
    if (this.timer !== null) return;
    this.context ??= new AudioContext();
    void this.context.resume().then(
      () => this.notify(),
      () => this.notify(),
    );
    window.addEventListener('pointerdown', this.onGesture, true);
    window.addEventListener('keydown', this.onGesture, true);
    this.beep();
    this.timer = window.setInterval(() => this.beep(), BEEP_EVERY_MS);
    this.notify();
  }

  stop(): void {
    if (this.timer !== null) window.clearInterval(this.timer);
    this.timer = null;
    window.removeEventListener('pointerdown', this.onGesture, true);
    window.removeEventListener('keydown', this.onGesture, true);
    this.onState('off');
  }

  close(): void {
    this.stop();
    void this.context?.close();
    this.context = null;
  }

  private notify(): void {
    if (this.timer === null) return;
    this.onState(this.context?.state === 'running' ? 'playing' : 'blocked');
  }

  private beep(): void {
    const context = this.context;
    if (!context || context.state !== 'running') {
      this.notify();
      return;
    }
    const start = context.currentTime;
    for (const [offset, frequency] of [
      [0, 880],
      [0.28, 660],
      [0.56, 880],
    ] as const) {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.type = 'square';
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, start + offset);
      gain.gain.exponentialRampToValueAtTime(0.25, start + offset + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.24);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(start + offset);
      oscillator.stop(start + offset + 0.25);
    }
  }
}
