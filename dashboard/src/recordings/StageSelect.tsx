// The enforcement stage a recording documents, as a select (empty: not said yet).
import { RECORDING_STAGES, type RecordingStage } from '@fcc/shared';
import { useTranslation } from 'react-i18next';

interface StageSelectProps {
  value: RecordingStage | '';
  onChange: (stage: RecordingStage | '') => void;
  disabled?: boolean;
  className?: string;
  'aria-label'?: string;
}

export function StageSelect({ value, onChange, disabled, className, ...rest }: StageSelectProps) {
  const { t } = useTranslation();
  return (
    <select
      className={className}
      value={value}
      disabled={disabled}
      aria-label={rest['aria-label']}
      onChange={(event) => onChange(event.target.value as RecordingStage | '')}
    >
      <option value="">—</option>
      {RECORDING_STAGES.map((stage) => (
        <option key={stage} value={stage}>
          {t(`replay.stages.${stage}`)}
        </option>
      ))}
    </select>
  );
}
