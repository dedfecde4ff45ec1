// A new task: where (a map click or typed coordinates), what (category, priority,
// description), then created; the detail view that follows recommends officers and dispatches.
// From an officer's card the task goes straight to that officer.
import { TASK_PRIORITIES, type TaskPriority } from '@fcc/shared';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { createTask, dispatchTask } from '../api/endpoints';
import { useErrorText } from '../common/useErrorText';
import { selectOfficer, useOfficers } from '../store/officers';
import { useTasks } from '../store/tasks';
import { useUi } from '../store/ui';
import { SOS_CATEGORY, useTaskCategories } from './categories';

export function NewTaskForm() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const draft = useUi((state) => state.draft);
  const picking = useUi((state) => state.picking);
  const officer = useOfficers(selectOfficer(draft?.officerId ?? null));
  const [category, setCategory] = useState<string>('street-vending');
  const categories = useTaskCategories();
  const [priority, setPriority] = useState<TaskPriority>('normal');
  const [description, setDescription] = useState('');
  const [address, setAddress] = useState('');
  const [lat, setLat] = useState('');
  const [lon, setLon] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // A map click fills the coordinates; typing them stays possible.
  useEffect(() => {
    if (!draft?.location) return;
    setLat(String(draft.location.lat));
    setLon(String(draft.location.lon));
  }, [draft?.location]);

  if (!draft) return null;

  const latitude = Number(lat);
  const longitude = Number(lon);
  const coordinatesValid =
    lat.trim() !== '' &&
    lon.trim() !== '' &&
    Number.isFinite(latitude) &&
    Number.isFinite(longitude) &&
    Math.abs(latitude) <= 90 &&
    Math.abs(longitude) <= 180;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!coordinatesValid) {
      setError(t('newTask.invalidCoordinates'));
      return;
    }
    setSubmitting(true);
    setError(null);
    try {
      let task = await createTask({
        category,
        priority,
        description: description.trim(),
        location: { lat: latitude, lon: longitude },
        ...(address.trim() ? { address: address.trim() } : {}),
      });
      if (draft.officerId) task = await dispatchTask(task.id, 'dispatch', { officerIds: [draft.officerId] });
      useTasks.getState().loaded([task]);
      useUi.getState().openTask(task.id);
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <form
      className="drawer-form"
      onSubmit={(event) => void submit(event)}
      data-testid="new-task-form"
      aria-labelledby="new-task-heading"
    >
      <header className="drawer-header">
        <h2 id="new-task-heading">{t('newTask.heading')}</h2>
        <button
          type="button"
          className="icon-button"
          aria-label={t('common.close')}
          onClick={() => useUi.getState().closeDraft()}
        >
          ×
        </button>
      </header>
      {officer && (
        <p className="draft-officer">
          {t('newTask.forOfficer', { name: officer.name, badge: officer.badgeNo })}
        </p>
      )}
      <fieldset className="location-fields">
        <legend>{t('newTask.location')}</legend>
        <p className={picking ? 'pick-hint active' : 'pick-hint'}>
          {picking ? t('newTask.pickingHint') : t('newTask.pickAgainHint')}
        </p>
        <div className="coordinates">
          <label>
            {t('newTask.latitude')}
            <input
              inputMode="decimal"
              value={lat}
              onChange={(event) => setLat(event.target.value)}
              data-testid="task-lat"
            />
          </label>
          <label>
            {t('newTask.longitude')}
            <input
              inputMode="decimal"
              value={lon}
              onChange={(event) => setLon(event.target.value)}
              data-testid="task-lon"
            />
          </label>
        </div>
        {!picking && (
          <button
            type="button"
            className="button button-small"
            onClick={() => useUi.getState().setPicking(true)}
          >
            {t('newTask.pickOnMap')}
          </button>
        )}
      </fieldset>
      <label>
        {t('newTask.category')}
        <select
          value={category}
          onChange={(event) => setCategory(event.target.value)}
          data-testid="task-category"
        >
          {categories
            .filter((option) => option.code !== SOS_CATEGORY)
            .map((option) => (
              <option key={option.code} value={option.code}>
                {t(`category.${option.code}`, { defaultValue: option.name })}
              </option>
            ))}
        </select>
      </label>
      <div className="priority-choice" role="radiogroup" aria-label={t('newTask.priority')}>
        <span className="field-label">{t('newTask.priority')}</span>
        <div className="segmented">
          {TASK_PRIORITIES.map((value) => (
            <button
              key={value}
              type="button"
              role="radio"
              aria-checked={priority === value}
              className={`priority-${value}`}
              onClick={() => setPriority(value)}
            >
              {t(`priority.${value}`)}
            </button>
          ))}
        </div>
      </div>
      <label>
        {t('newTask.address')}
        <input value={address} maxLength={300} onChange={(event) => setAddress(event.target.value)} />
      </label>
      <label>
        {t('newTask.description')}
        <textarea
          rows={3}
          maxLength={2000}
          value={description}
          onChange={(event) => setDescription(event.target.value)}
          data-testid="task-description"
        />
      </label>
      <p className="muted small">{t('newTask.photosLater')}</p>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="button button-primary" disabled={submitting} data-testid="create-task">
        {submitting ? t('newTask.creating') : officer ? t('newTask.createAndSend') : t('newTask.create')}
      </button>
    </form>
  );
}
