// The photos (thumbnails) and documents (name, size, SHA-256) of a case, each downloadable and
// detachable with a reason. The SHA-256 is the server's, taken when the file arrived: the
// evidence package's manifest carries the same value.
import type { CaseFile } from '@fcc/shared';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionStatus, useAction } from '../admin/useAction';
import { formatBytes } from '../common/durations';
import type { CaseSectionProps } from './CasePage';
import { downloadCaseFile, photoObjectUrl } from './casesApi';
import { DetachButton } from './DetachButton';

export function CaseFiles({ detail, detachBlockedReason, onChanged }: CaseSectionProps) {
  const { t } = useTranslation();
  const action = useAction();
  const photos = detail.files.filter((file) => file.kind === 'photo');
  const documents = detail.files.filter((file) => file.kind === 'document');

  const download = (file: CaseFile) =>
    void action.run(async () => {
      await downloadCaseFile(file);
    });
  const buttons = (file: CaseFile) => (
    <div className="row-buttons">
      <button
        type="button"
        className="button button-small"
        disabled={action.busy}
        data-testid="case-file-download"
        onClick={() => download(file)}
      >
        {t('cases.download')}
      </button>
      <DetachButton
        caseId={detail.id}
        what="files"
        id={file.id}
        blockedReason={detachBlockedReason}
        action={action}
        onDetached={() => onChanged()}
      />
    </div>
  );
  const added = (file: CaseFile) =>
    t('cases.addedBy', { name: file.addedBy.name, at: new Date(file.addedAt).toLocaleString() });

  return (
    <>
      <section className="case-section" data-testid="case-photos">
        <h2>
          {t('cases.photos')} <span className="muted">({photos.length})</span>
        </h2>
        <ActionStatus error={action.error} done={action.done} />
        {photos.length === 0 ? (
          <p className="muted small">{t('cases.noPhotos')}</p>
        ) : (
          <ul className="photo-grid">
            {photos.map((file) => (
              <li key={file.id} className="photo-card" data-testid="case-photo" data-name={file.name}>
                <Thumbnail file={file} />
                <div className="photo-name" title={file.name}>
                  {file.name}
                </div>
                <div className="muted small">
                  {formatBytes(file.bytes)} · {added(file)}
                </div>
                {file.description && <div className="small">{file.description}</div>}
                {buttons(file)}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="case-section" data-testid="case-documents">
        <h2>
          {t('cases.documents')} <span className="muted">({documents.length})</span>
        </h2>
        {documents.length === 0 ? (
          <p className="muted small">{t('cases.noDocuments')}</p>
        ) : (
          <table className="data-table">
            <thead>
              <tr>
                <th>{t('cases.fileName')}</th>
                <th className="number">{t('cases.fileSize')}</th>
                <th>SHA-256</th>
                <th>{t('cases.added')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {documents.map((file) => (
                <tr key={file.id} data-testid="case-document" data-name={file.name}>
                  <td>
                    {file.name}
                    {file.description && <div className="muted small">{file.description}</div>}
                  </td>
                  <td className="number">{formatBytes(file.bytes)}</td>
                  <td>
                    <code className="sha256">{file.sha256}</code>
                  </td>
                  <td className="small">{added(file)}</td>
                  <td>{buttons(file)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}

function Thumbnail({ file }: { file: CaseFile }) {
  const { t } = useTranslation();
  const [url, setUrl] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    photoObjectUrl(file).then(
      (found) => live && setUrl(found),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [file]);
  if (failed) return <div className="photo-thumb photo-missing">{t('cases.photoUnavailable')}</div>;
  return url ? (
    <img className="photo-thumb" src={url} alt={file.description || file.name} data-testid="case-photo-img" />
  ) : (
    <div className="photo-thumb" />
  );
}
