// An alert in the operator's language: the server's message is English only, so the text is
// built from the alert's kind and data.
import type { Alert } from '@fcc/shared';
import type { TFunction } from 'i18next';

export function alertText(t: TFunction, alert: Alert, officerName?: string): string {
  const data = alert.data;
  const name =
    typeof data.officerName === 'string' ? data.officerName : (officerName ?? t('alerts.unknownOfficer'));
  const taskCode = typeof data.taskCode === 'string' ? data.taskCode : '';
  switch (alert.kind) {
    case 'sos':
      return alert.lat === null ? t('alerts.text.sosNoPosition', { name }) : t('alerts.text.sos', { name });
    case 'device-silent':
      return t('alerts.text.deviceSilent', { name });
    case 'left-area':
      return t('alerts.text.leftArea', { name });
    case 'returned-to-area':
      return t('alerts.text.returnedToArea', { name });
    case 'task-unacknowledged':
      return t('alerts.text.taskUnacknowledged', { code: taskCode });
    case 'sla-breach':
      return t('alerts.text.slaBreach', { code: taskCode });
    case 'camera-activated':
      return t('alerts.text.cameraActivated', { name });
    case 'integrity-failure':
      return t('alerts.text.integrityFailure', { name, seq: data.seq, problem: data.problem });
    default:
      return alert.message;
  }
}

export const alertTaskId = (alert: Alert): string | null =>
  typeof alert.data.taskId === 'string' ? alert.data.taskId : null;
