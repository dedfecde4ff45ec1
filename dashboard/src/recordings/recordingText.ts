// How a recording's facts read on screen, in the operator's language.
import type { Recording } from '@fcc/shared';
import type { TFunction } from 'i18next';

/** "who recorded, stage" or "—" when nothing is missing. */
export function missingText(t: TFunction, missing: Recording['missing']): string {
  return missing.length
    ? missing.map((item) => t(`replay.required.${item}`)).join(t('common.listSeparator'))
    : '—';
}

/** The grid cell and coordinates where it was recorded, or "—" without a fix near its start. */
export function placeText(place: Recording['place']): string {
  if (!place) return '—';
  return `${place.gridCellCode ?? ''} ${place.lat.toFixed(5)}, ${place.lon.toFixed(5)}`.trim();
}
