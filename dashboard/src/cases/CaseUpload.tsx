// Adding photos and documents to a case: several files at once, sent one after another, each with
// its progress and, when the server refuses it (type, size, closed case), the server's words.
import { CASE_DOCUMENT_TYPES } from '@fcc/shared';
import { useRef, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatBytes } from '../common/durations';
import { useErrorText } from '../common/useErrorText';
import type { CaseSectionProps } from './CasePage';
import { caseFileKind, uploadCaseFile } from './casesApi';

interface Upload {
  key: number;
  name: string;
  bytes: number;
  kind: 'photo' | 'document';
  sent: number;
  state: 'waiting' | 'sending' | 'done' | 'failed';
  error: string | null;
}

/** What the file chooser offers: the types a case takes (the server checks again). */
const ACCEPT = [...CASE_DOCUMENT_TYPES, '.docx', '.xlsx', '.odt', '.ods', '.txt', '.pdf'].join(',');

let nextKey = 1;

export function CaseUpload({ detail, lockedReason, onChanged }: CaseSectionProps) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [description, setDescription] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const sending = uploads.some((upload) => upload.state === 'waiting' || upload.state === 'sending');

  const update = (key: number, change: Partial<Upload>) =>
    setUploads((current) =>
      current.map((upload) => (upload.key === key ? { ...upload, ...change } : upload)),
    );

  const chosen = async (event: ChangeEvent<HTMLInputElement>) => {
    const files = [...(event.target.files ?? [])];
    event.target.value = '';
    if (files.length === 0) return;
    const batch = files.map((file) => ({
      file,
      upload: {
        key: nextKey++,
        name: file.name,
        bytes: file.size,
        kind: caseFileKind(file),
        sent: 0,
        state: 'waiting',
        error: null,
      } satisfies Upload,
    }));
    setUploads((current) => [
      ...current.filter((upload) => upload.state !== 'done'),
      ...batch.map(({ upload }) => upload),
    ]);
    // One at a time: a 4G link in the field does better with one upload than with several.
    for (const { file, upload } of batch) {
      update(upload.key, { state: 'sending' });
      try {
        await uploadCaseFile(detail.id, file, description.trim(), (sent) => update(upload.key, { sent }))
          .done;
        update(upload.key, { state: 'done', sent: file.size });
        onChanged();
      } catch (cause) {
        update(upload.key, { state: 'failed', error: errorText(cause) });
      }
    }
  };

  return (
    <section className="case-section" data-testid="case-upload">
      <div className="section-header">
        <h2>{t('cases.addFiles')}</h2>
        <div className="inline upload-controls">
          <input
            value={description}
            maxLength={2000}
            className="upload-description"
            placeholder={t('cases.fileDescription')}
            aria-label={t('cases.fileDescription')}
            disabled={lockedReason !== null}
            onChange={(event) => setDescription(event.target.value)}
          />
          <input
            ref={input}
            type="file"
            multiple
            accept={ACCEPT}
            hidden
            data-testid="case-file-input"
            onChange={(event) => void chosen(event)}
          />
          <button
            type="button"
            className="button button-small button-primary"
            disabled={lockedReason !== null || sending}
            title={lockedReason ?? undefined}
            onClick={() => input.current?.click()}
          >
            {t('cases.chooseFiles')}
          </button>
        </div>
      </div>
      <p className="muted small">{lockedReason ?? t('cases.filesHint')}</p>
      {uploads.length > 0 && (
        <ul className="upload-list" data-testid="case-uploads">
          {uploads.map((upload) => (
            <li
              key={upload.key}
              data-testid="case-upload-item"
              data-state={upload.state}
              data-name={upload.name}
            >
              <span className="upload-name">{upload.name}</span>
              <span className="muted small">
                {t(`cases.kinds.${upload.kind}`)} · {formatBytes(upload.bytes)}
              </span>
              <progress max={upload.bytes || 1} value={upload.sent} />
              <span className={`upload-state upload-${upload.state}`}>
                {upload.state === 'failed' ? upload.error : t(`cases.uploadStates.${upload.state}`)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
