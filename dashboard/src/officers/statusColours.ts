// One colour per map status, used by the map layers, the legend and the card. Calm colours for
// the normal states; the only saturated red on the screen is SOS.
import type { MapStatus } from './officerStatus';

export const STATUS_COLOURS: Record<MapStatus, string> = {
  sos: '#ff3b30',
  outOfContact: '#9aa5b1',
  onTask: '#5b9bd5',
  available: '#4fb286',
  offDuty: '#55606b',
};
