// Drag and drop onto the wall: an officer (map card, officer list), a camera, or another tile
// carries its TileSource under our own MIME type, so a drop from anywhere else is ignored.
import type { DragEvent } from 'react';
import type { TileSource } from './wallLayout';

const MIME = 'application/x-fcc-tile-source';

export function startDrag(event: DragEvent, source: TileSource, label: string) {
  event.dataTransfer.setData(MIME, JSON.stringify(source));
  event.dataTransfer.setData('text/plain', label);
  event.dataTransfer.effectAllowed = 'copyMove';
}

export const carriesSource = (event: DragEvent) => event.dataTransfer.types.includes(MIME);

export function droppedSource(event: DragEvent): TileSource | null {
  try {
    const value = JSON.parse(event.dataTransfer.getData(MIME)) as Partial<TileSource>;
    if (typeof value.deviceId !== 'string') return null;
    return {
      deviceId: value.deviceId,
      officerId: typeof value.officerId === 'string' ? value.officerId : null,
    };
  } catch (error) {
    console.warn('A drop on the wall carried no readable source', error);
    return null;
  }
}
