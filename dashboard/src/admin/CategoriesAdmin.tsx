// Task categories: auto-dispatch on or off and the category's own SLA per priority (empty: the
// configured default, shown as the placeholder).
import { TASK_PRIORITIES, type TaskCategory, type TaskCategoryUpdateBody } from '@fcc/shared';
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchTaskCategories } from '../api/endpoints';
import { updateTaskCategory } from './adminApi';
import { ActionStatus, useAction } from './useAction';

export function CategoriesAdmin() {
  const { t } = useTranslation();
  const action = useAction();
  const [categories, setCategories] = useState<TaskCategory[]>([]);

  const load = useCallback(
    () => action.run(async () => setCategories(await fetchTaskCategories())),
    [action.run],
  );
  useEffect(() => {
    void load();
  }, [load]);

  const save = (event: FormEvent<HTMLFormElement>, category: TaskCategory) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const slaMinutes: NonNullable<TaskCategoryUpdateBody['slaMinutes']> = {};
    for (const priority of TASK_PRIORITIES) {
      const text = String(data.get(priority)).trim();
      slaMinutes[priority] = text === '' ? null : Number(text);
    }
    void action.run(async () => {
      const updated = await updateTaskCategory(category.code, {
        autoDispatch: data.get('autoDispatch') === 'on',
        slaMinutes,
      });
      setCategories((list) => list.map((item) => (item.code === updated.code ? updated : item)));
      return t('admin.categories.saved', { name: updated.name });
    });
  };

  return (
    <div className="admin-section" data-testid="categories-admin">
      <p className="muted small">{t('admin.categories.explain')}</p>
      <ActionStatus error={action.error} done={action.done} />
      <table className="data-table">
        <thead>
          <tr>
            <th>{t('admin.categories.name')}</th>
            <th>{t('admin.categories.autoDispatch')}</th>
            {TASK_PRIORITIES.map((priority) => (
              <th key={priority}>{t('admin.categories.slaFor', { priority: t(`priority.${priority}`) })}</th>
            ))}
            <th />
          </tr>
        </thead>
        <tbody>
          {categories.map((category) => (
            <tr key={category.code} data-testid="category-row" data-code={category.code}>
              <td colSpan={TASK_PRIORITIES.length + 3}>
                <form className="category-form" onSubmit={(event) => save(event, category)}>
                  <span className="category-name">{category.name}</span>
                  <input
                    type="checkbox"
                    name="autoDispatch"
                    defaultChecked={category.autoDispatch}
                    aria-label={t('admin.categories.autoDispatch')}
                  />
                  {TASK_PRIORITIES.map((priority) => (
                    <input
                      key={priority}
                      name={priority}
                      type="number"
                      min={1}
                      max={10080}
                      className="sla-input"
                      defaultValue={category.ownSlaMinutes[priority] ?? ''}
                      placeholder={String(category.slaMinutes[priority])}
                      aria-label={t('admin.categories.slaFor', { priority: t(`priority.${priority}`) })}
                    />
                  ))}
                  <button type="submit" className="button button-small" disabled={action.busy}>
                    {t('admin.save')}
                  </button>
                </form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
