// Downloads one statistics table as a CSV file (the same rows the chart beside it shows).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { saveFile } from '../common/saveFile';
import { useErrorText } from '../common/useErrorText';
import { downloadStatisticsCsv, type CsvExport, type StatisticsFilter } from './statisticsApi';

interface Props {
  filter: StatisticsFilter;
  what: CsvExport;
  testId: string;
}

export function CsvButton({ filter, what, testId }: Props) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const download = async () => {
    setBusy(true);
    setError(null);
    try {
      const { blob, filename } = await downloadStatisticsCsv(filter, what);
      saveFile(blob, filename ?? `${what.kind}.csv`);
    } catch (cause) {
      setError(errorText(cause));
    } finally {
      setBusy(false);
    }
  };

  return (
    <span className="csv-button">
      <button
        type="button"
        className="button button-small"
        disabled={busy}
        data-testid={testId}
        onClick={() => void download()}
      >
        {t('statistics.csv')}
      </button>
      {error && (
        <span className="form-error small" role="alert">
          {error}
        </span>
      )}
    </span>
  );
}
