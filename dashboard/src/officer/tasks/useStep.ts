// Sends an officer's step and turns a failure into words above the list: a 409 (reassigned,
// cancelled or moved on meanwhile) is what happened, not an error code; no network says so.
import type { TaskActionBody } from '@fcc/shared';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, NO_RESPONSE } from '../../api/client';
import { stepTask } from '../api';
import { reloadTasks } from '../device/useOfficerConnection';
import { useDeviceSession } from '../store/deviceSession';
import { useNotice } from '../store/notice';
import { useOfficerTasks } from '../store/officerTasks';
import type { OfficerStep } from './nextSteps';

export function useStep(taskId: string, taskCode: string) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState<OfficerStep | null>(null);

  const run = async (step: OfficerStep, body: TaskActionBody = {}): Promise<boolean> => {
    setBusy(step);
    useNotice.getState().clear();
    try {
      const task = await stepTask(taskId, step, body);
      // The socket brings the change too; applying the answer at once keeps the button honest.
      const officerId = useDeviceSession.getState().self?.officer?.id;
      if (officerId) useOfficerTasks.getState().changed(task, officerId);
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        useNotice.getState().show({
          tone: 'warn',
          text: t('officerApp.tasks.changedMeanwhile', { code: taskCode }),
          detail: error.message,
        });
        reloadTasks();
      } else if (error instanceof ApiError && error.status === NO_RESPONSE) {
        useNotice.getState().show({ tone: 'error', text: t('officerApp.tasks.noNetwork') });
      } else {
        const text = error instanceof Error && error.message ? error.message : t('errors.unexpected');
        useNotice.getState().show({ tone: 'error', text });
      }
      return false;
    } finally {
      setBusy(null);
    }
  };
  return { run, busy };
}
