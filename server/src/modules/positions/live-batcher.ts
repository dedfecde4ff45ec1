// Collects position updates and sends them to dashboard rooms once per interval: one
// update per officer per batch (the newest), to every room that shows the officer now or
// showed it before the move (so a dashboard watching one area sees an officer leave it).
import type { LivePosition } from '@fcc/shared';

export type Room = `all` | `area:${string}` | `cell:${string}` | `officer:${string}`;

export function roomsOf(position: Pick<LivePosition, 'officerId' | 'areaId' | 'gridCellId'>): Room[] {
  const rooms: Room[] = ['all', `officer:${position.officerId}`];
  if (position.areaId) rooms.push(`area:${position.areaId}`);
  if (position.gridCellId) rooms.push(`cell:${position.gridCellId}`);
  return rooms;
}

export class LiveBatcher {
  #pending = new Map<string, LivePosition>();
  readonly #lastRooms = new Map<string, Room[]>();
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly intervalMs: number,
    private readonly send: (room: Room, positions: LivePosition[]) => void,
  ) {}

  start(): void {
    this.#timer = setInterval(() => this.flush(), this.intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
    this.flush();
  }

  add(position: LivePosition): void {
    this.#pending.set(position.officerId, position);
  }

  flush(): void {
    if (this.#pending.size === 0) return;
    const byRoom = new Map<Room, LivePosition[]>();
    for (const position of this.#pending.values()) {
      const rooms = new Set(roomsOf(position));
      for (const room of this.#lastRooms.get(position.officerId) ?? []) rooms.add(room);
      this.#lastRooms.set(position.officerId, roomsOf(position));
      for (const room of rooms) {
        const list = byRoom.get(room);
        if (list) list.push(position);
        else byRoom.set(room, [position]);
      }
    }
    this.#pending = new Map();
    for (const [room, positions] of byRoom) this.send(room, positions);
  }
}
