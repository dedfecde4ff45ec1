// Resolving a task: what was done (a note) and photos from the camera, sent with the step.
import type { Task, TaskActionBody } from '@fcc/shared';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { uploadPhoto } from '../api';
import { shrinkPhoto } from './photos';
import { useNotice } from '../store/notice';

interface Props {
  task: Task;
  busy: boolean;
  onCancel: () => void;
  onResolve: (body: TaskActionBody) => Promise<void>;
}

interface Photo {
  blob: Blob;
  url: string;
}

const MAX_PHOTOS = 6;

export function ResolveSheet({ task, busy, onCancel, onResolve }: Props) {
  const { t } = useTranslation();
  const notice = useNotice((state) => state.notice);
  const [note, setNote] = useState('');
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [uploading, setUploading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => () => photos.forEach((photo) => URL.revokeObjectURL(photo.url)), [photos]);

  const addPhotos = async (files: FileList | null) => {
    if (!files) return;
    setError(null);
    try {
      const added: Photo[] = [];
      for (const file of [...files].slice(0, MAX_PHOTOS - photos.length)) {
        const blob = await shrinkPhoto(file);
        added.push({ blob, url: URL.createObjectURL(blob) });
      }
      setPhotos((current) => [...current, ...added]);
    } catch (cause) {
      setError(cause instanceof Error ? cause.message : String(cause));
    }
  };

  const submit = async () => {
    setError(null);
    let refs: string[];
    setUploading(true);
    try {
      refs = await Promise.all(photos.map((photo) => uploadPhoto(photo.blob).then(({ ref }) => ref)));
    } catch (cause) {
      setError(
        t('officerApp.resolve.uploadFailed', { message: cause instanceof Error ? cause.message : '' }),
      );
      return;
    } finally {
      setUploading(false);
    }
    await onResolve({
      ...(note.trim() ? { note: note.trim() } : {}),
      ...(refs.length ? { photos: refs } : {}),
    });
  };

  return (
    <div
      className="sheet"
      role="dialog"
      aria-modal="true"
      aria-label={t('officerApp.resolve.heading')}
      data-testid="resolve-sheet"
    >
      <div className="sheet-header">
        <h2>{t('officerApp.resolve.heading')}</h2>
        <button type="button" className="btn btn-quiet" onClick={onCancel} disabled={busy || uploading}>
          {t('common.cancel')}
        </button>
      </div>
      <p className="muted">
        {task.code} · {task.address}
      </p>
      <label htmlFor="resolve-note">{t('officerApp.resolve.note')}</label>
      <textarea
        id="resolve-note"
        rows={4}
        maxLength={2000}
        value={note}
        onChange={(event) => setNote(event.target.value)}
        placeholder={t('officerApp.resolve.notePlaceholder')}
      />
      <div className="photo-strip">
        {photos.map((photo, index) => (
          <div key={photo.url} className="photo-thumb">
            <img src={photo.url} alt={t('officerApp.resolve.photoN', { n: index + 1 })} />
            <button
              type="button"
              aria-label={t('officerApp.resolve.removePhoto')}
              onClick={() => setPhotos((current) => current.filter((p) => p !== photo))}
            >
              ×
            </button>
          </div>
        ))}
      </div>
      {photos.length < MAX_PHOTOS && (
        <label className="btn btn-block btn-tall file-button">
          {t('officerApp.resolve.addPhoto')}
          <input
            type="file"
            accept="image/*"
            capture="environment"
            multiple
            data-testid="resolve-photo-input"
            onChange={(event) => {
              void addPhotos(event.target.files);
              event.target.value = '';
            }}
          />
        </label>
      )}
      <button
        type="button"
        className="btn btn-primary btn-block btn-tall"
        data-testid="resolve-submit"
        disabled={busy || uploading}
        onClick={() => void submit()}
      >
        {uploading
          ? t('officerApp.resolve.uploading')
          : busy
            ? t('officerApp.tasks.sending')
            : t('officerApp.steps.resolve')}
      </button>
      {(error || notice) && (
        <div className={`notice notice-${notice?.tone ?? 'error'}`} role="alert">
          <p>{error ?? notice?.text}</p>
          {!error && notice?.detail && <p className="notice-detail">{notice.detail}</p>}
        </div>
      )}
    </div>
  );
}
