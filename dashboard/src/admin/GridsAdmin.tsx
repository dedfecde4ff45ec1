// Grid areas: a map to draw and edit cells on, the areas with their cell counts, generating a
// rows × columns grid over typed bounds (into an existing area or a new one), importing a grid
// GeoJSON file (the server names the feature at fault) and exporting the whole grid.
import type { ClientConfig, GridBbox, GridFile, GridGenerateBody } from '@fcc/shared';
import { useMemo, useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { saveFile } from '../common/saveFile';
import { selectAreas, selectCells, useGrids } from '../store/grids';
import { exportGrid, generateGrid, importGrid } from './adminApi';
import { GridEditorMap } from './GridEditorMap';
import { GridEditorPanel } from './GridEditorPanel';
import { ActionStatus, useAction } from './useAction';

interface Props {
  config: ClientConfig;
  onChanged: () => void;
}

const BOUNDS = ['west', 'south', 'east', 'north'] as const;

export function GridsAdmin({ config, onChanged }: Props) {
  const { t } = useTranslation();
  const areas = useGrids(selectAreas);
  const cells = useGrids(selectCells);
  const action = useAction();
  const [newArea, setNewArea] = useState(false);
  const cellCounts = useMemo(() => {
    const counts: Record<string, number> = {};
    for (const cell of Object.values(cells))
      counts[cell.properties.areaId] = (counts[cell.properties.areaId] ?? 0) + 1;
    return counts;
  }, [cells]);
  const areaList = Object.values(areas).sort((a, b) => a.properties.code.localeCompare(b.properties.code));

  const generate = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const bbox = BOUNDS.map((side) => Number(data.get(side))) as GridBbox;
    if (bbox.some((value) => !Number.isFinite(value))) {
      action.setError(t('admin.grids.boundsNumbers'));
      return;
    }
    const area: GridGenerateBody['area'] = newArea
      ? { code: String(data.get('areaCode')).trim(), name: String(data.get('areaName')).trim() }
      : { areaId: String(data.get('areaId')) };
    void action.run(async () => {
      const result = await generateGrid({
        area,
        bbox,
        rows: Number(data.get('rows')),
        columns: Number(data.get('columns')),
      });
      onChanged();
      return t('admin.grids.generated', { count: result.count });
    });
  };

  const importFile = (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    void action.run(async () => {
      let parsed: GridFile;
      try {
        parsed = JSON.parse(await file.text()) as GridFile;
      } catch {
        throw new ApiError(400, t('admin.grids.notJson', { name: file.name }));
      } finally {
        input.value = '';
      }
      const result = await importGrid(parsed);
      onChanged();
      return t('admin.grids.imported', { areas: result.areasCreated, cells: result.cellsCreated });
    });
  };

  const download = () =>
    void action.run(async () => {
      const { blob, filename } = await exportGrid();
      saveFile(blob, filename ?? 'grids.geojson');
    });

  return (
    <div className="admin-section" data-testid="grids-admin">
      <div className="grid-editor" data-testid="grid-editor">
        <GridEditorMap config={config} />
        <GridEditorPanel onChanged={onChanged} />
      </div>

      <table className="data-table">
        <thead>
          <tr>
            <th>{t('admin.grids.code')}</th>
            <th>{t('admin.grids.name')}</th>
            <th className="number">{t('admin.grids.cells')}</th>
          </tr>
        </thead>
        <tbody>
          {areaList.map((area) => (
            <tr key={area.properties.id} data-testid="grid-area-row" data-code={area.properties.code}>
              <td>{area.properties.code}</td>
              <td>{area.properties.name}</td>
              <td className="number" data-testid="grid-area-cells">
                {cellCounts[area.properties.id] ?? 0}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <ActionStatus error={action.error} done={action.done} />

      <form className="admin-form" onSubmit={generate} data-testid="grid-generate">
        <h2>{t('admin.grids.generate')}</h2>
        <label className="checkbox">
          <input type="checkbox" checked={newArea} onChange={(event) => setNewArea(event.target.checked)} />
          {t('admin.grids.newArea')}
        </label>
        {newArea ? (
          <>
            <input
              name="areaCode"
              required
              placeholder={t('admin.grids.code')}
              aria-label={t('admin.grids.code')}
            />
            <input
              name="areaName"
              required
              placeholder={t('admin.grids.name')}
              aria-label={t('admin.grids.name')}
            />
          </>
        ) : (
          <select name="areaId" required aria-label={t('admin.grids.area')}>
            {areaList.map((area) => (
              <option key={area.properties.id} value={area.properties.id}>
                {area.properties.name}
              </option>
            ))}
          </select>
        )}
        {BOUNDS.map((side) => (
          <input
            key={side}
            name={side}
            required
            inputMode="decimal"
            className="coordinate-input"
            placeholder={t(`admin.grids.${side}`)}
            aria-label={t(`admin.grids.${side}`)}
          />
        ))}
        <input
          name="rows"
          type="number"
          min={1}
          max={100}
          required
          defaultValue={3}
          aria-label={t('admin.grids.rows')}
          title={t('admin.grids.rows')}
        />
        <span>×</span>
        <input
          name="columns"
          type="number"
          min={1}
          max={100}
          required
          defaultValue={3}
          aria-label={t('admin.grids.columns')}
          title={t('admin.grids.columns')}
        />
        <button type="submit" className="button button-primary" disabled={action.busy}>
          {t('admin.grids.generateButton')}
        </button>
      </form>

      <div className="admin-form">
        <h2>{t('admin.grids.file')}</h2>
        <label className="button">
          {t('admin.grids.import')}
          <input
            type="file"
            accept=".geojson,.json,application/geo+json,application/json"
            hidden
            data-testid="grid-import"
            onChange={importFile}
          />
        </label>
        <button type="button" className="button" data-testid="grid-export" onClick={download}>
          {t('admin.grids.export')}
        </button>
      </div>
    </div>
  );
}
