// Unsaved work in the grid editor is not thrown away silently: replacing it asks first, and the
// browser asks before a reload or closing the tab. Signing out (MainPage unmounting) forgets it.
import { useCallback, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { hasUnsavedChanges, useGridEditor } from '../store/gridEditor';

/** True when there is nothing to lose, or the administrator agrees to lose it. */
export function useConfirmDiscard(): () => boolean {
  const { t } = useTranslation();
  return useCallback(
    () =>
      !hasUnsavedChanges(useGridEditor.getState()) || window.confirm(t('admin.gridEditor.confirmDiscard')),
    [t],
  );
}

/** For the command centre's page: the browser's own "leave the page?" while changes are unsaved. */
export function useGridEditorGuard(): void {
  useEffect(() => {
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      if (hasUnsavedChanges(useGridEditor.getState())) event.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload);
      // The next account to sign in on this screen starts without this one's drawing.
      useGridEditor.getState().reset();
    };
  }, []);
}
