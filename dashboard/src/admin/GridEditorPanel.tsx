// Beside the grid editor's map: how to draw, the corner buttons (finish, undo, cancel), and the
// cell's code, name and area with Save (POST a new cell, PATCH only what changed of a stored one)
// and Delete. A refused save shows the server's words and keeps the shape so it can be fixed.
import type { GridCellUpdateBody } from '@fcc/shared';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { useErrorText } from '../common/useErrorText';
import { hasUnsavedChanges, useGridEditor, type CellFields } from '../store/gridEditor';
import { selectAreas, selectCells, useGrids, type GridArea } from '../store/grids';
import { createGridCell, deleteGridCell, updateGridCell } from './adminApi';
import { cellPolygon, MIN_VERTICES, nextCellCode } from './cellShape';
import { useConfirmDiscard } from './useGridEditorGuard';

interface Props {
  /** The grid reloads after a cell is saved or deleted. */
  onChanged: () => void;
}

export function GridEditorPanel({ onChanged }: Props) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  // Everything but the pointer, which moves with the mouse while drawing.
  const editor = useGridEditor(useShallow(({ pointer: _pointer, ...rest }) => rest));
  const areas = useGrids(selectAreas);
  const cells = useGrids(selectCells);
  const confirmDiscard = useConfirmDiscard();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const [confirmingDelete, setConfirmingDelete] = useState(false);
  const { mode, vertices, fields, cellId, error } = editor;

  const areaList = useMemo(
    () => Object.values(areas).sort((a, b) => a.properties.code.localeCompare(b.properties.code)),
    [areas],
  );
  const codes = useMemo(() => Object.values(cells).map((cell) => cell.properties.code), [cells]);
  /** What a new cell of an area is called unless the administrator types otherwise. */
  const suggestion = (area: GridArea): Pick<CellFields, 'code' | 'name'> => {
    const code = nextCellCode(area.properties.code, codes);
    return { code, name: `${area.properties.name} ${code.slice(area.properties.code.length + 1)}` };
  };

  const startDrawing = () => {
    const area = areaList.find((candidate) => candidate.properties.id === fields.areaId) ?? areaList[0];
    if (!area || !confirmDiscard()) return;
    setDone(null);
    editor.startDrawing({ areaId: area.properties.id, ...suggestion(area) });
  };

  const chooseArea = (areaId: string) => {
    const area = areas[areaId];
    const previous = areas[fields.areaId];
    // A new cell's suggested code and name follow its area, until the administrator types their own.
    const suggested = previous && cellId === null && sameFields(fields, suggestion(previous));
    editor.setFields({ areaId, ...(suggested && area ? suggestion(area) : {}) });
  };

  const run = async (action: () => Promise<string>) => {
    setBusy(true);
    setDone(null);
    editor.setError(null);
    try {
      const note = await action();
      editor.reset();
      setConfirmingDelete(false);
      setDone(note);
      onChanged();
    } catch (cause) {
      editor.setError(errorText(cause));
    } finally {
      setBusy(false);
    }
  };

  const save = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const geometry = cellPolygon(vertices, editor.holes);
    if (!geometry) return;
    const body = { ...fields, code: fields.code.trim(), name: fields.name.trim() };
    void run(async () => {
      if (cellId === null) await createGridCell({ ...body, geometry });
      else await updateGridCell(cellId, changesOf(editor, body, geometry));
      return t('admin.gridEditor.saved', { code: body.code });
    });
  };

  const remove = () => {
    if (cellId === null) return;
    void run(async () => {
      await deleteGridCell(cellId);
      return t('admin.gridEditor.deleted', { code: editor.original?.fields.code });
    });
  };

  const cancel = () => {
    setConfirmingDelete(false);
    editor.reset();
  };

  const dirty = hasUnsavedChanges(editor);
  const canUndo =
    editor.history.length > 0 && (mode === 'drawing' || editor.history.at(-1)!.length >= MIN_VERTICES);
  const undoButton = (
    <button
      type="button"
      className="button button-small"
      disabled={!canUndo}
      onClick={editor.undo}
      data-testid="grid-editor-undo"
    >
      {t('admin.gridEditor.undo')}
    </button>
  );

  return (
    <aside
      className="grid-editor-panel"
      data-testid="grid-editor-panel"
      data-mode={mode}
      data-vertices={vertices.length}
    >
      {mode === 'idle' && (
        <>
          <h2>{t('admin.gridEditor.heading')}</h2>
          <p className="muted small">
            {areaList.length > 0 ? t('admin.gridEditor.idleHint') : t('admin.gridEditor.noAreas')}
          </p>
          <button
            type="button"
            className="button button-primary"
            disabled={areaList.length === 0}
            onClick={startDrawing}
            data-testid="grid-editor-draw"
          >
            {t('admin.gridEditor.draw')}
          </button>
        </>
      )}

      {mode === 'drawing' && (
        <>
          <h2>{t('admin.gridEditor.drawingHeading')}</h2>
          <p className="muted small">{t('admin.gridEditor.drawingHint')}</p>
          <p className="small" data-testid="grid-editor-corners">
            {t('admin.gridEditor.corners', { count: vertices.length })}
          </p>
          <div className="row-buttons">
            <button
              type="button"
              className="button button-primary button-small"
              disabled={vertices.length < MIN_VERTICES}
              onClick={editor.finishDrawing}
              data-testid="grid-editor-finish"
            >
              {t('admin.gridEditor.finish')}
            </button>
            {undoButton}
            <button
              type="button"
              className="button button-small"
              onClick={cancel}
              data-testid="grid-editor-cancel"
            >
              {t('common.cancel')}
            </button>
          </div>
        </>
      )}

      {mode === 'shape' && (
        <form className="grid-editor-form" onSubmit={save} data-testid="grid-editor-form">
          <h2>
            {cellId === null
              ? t('admin.gridEditor.newCell')
              : t('admin.gridEditor.editCell', { code: editor.original?.fields.code })}
          </h2>
          <p className="muted small">{t('admin.gridEditor.shapeHint')}</p>
          <p className="small" data-testid="grid-editor-corners">
            {t('admin.gridEditor.corners', { count: vertices.length })}
          </p>
          <label>
            {t('admin.gridEditor.code')}
            <input
              value={fields.code}
              required
              maxLength={48}
              pattern="[A-Za-z0-9\-]+"
              title={t('admin.gridEditor.codeRule')}
              onChange={(event) => editor.setFields({ code: event.target.value })}
              data-testid="grid-editor-code"
            />
          </label>
          <label>
            {t('admin.gridEditor.name')}
            <input
              value={fields.name}
              required
              maxLength={100}
              onChange={(event) => editor.setFields({ name: event.target.value })}
              data-testid="grid-editor-name"
            />
          </label>
          <label>
            {t('admin.gridEditor.area')}
            <select
              value={fields.areaId}
              onChange={(event) => chooseArea(event.target.value)}
              data-testid="grid-editor-area"
            >
              {areaList.map((area) => (
                <option key={area.properties.id} value={area.properties.id}>
                  {area.properties.code} · {area.properties.name}
                </option>
              ))}
            </select>
          </label>
          {error && (
            <p className="form-error" role="alert" data-testid="grid-editor-error">
              {error}
            </p>
          )}
          <div className="row-buttons">
            <button
              type="submit"
              className="button button-primary button-small"
              disabled={busy || !dirty}
              data-testid="grid-editor-save"
            >
              {t('admin.gridEditor.save')}
            </button>
            {undoButton}
            <button
              type="button"
              className="button button-small"
              onClick={cancel}
              data-testid="grid-editor-cancel"
            >
              {t('common.cancel')}
            </button>
          </div>
          {cellId !== null && (
            <div className="row-buttons grid-editor-delete">
              {confirmingDelete ? (
                <>
                  <span className="small">
                    {t('admin.gridEditor.deleteWarning', { code: editor.original?.fields.code })}
                  </span>
                  <button
                    type="button"
                    className="button button-small button-danger"
                    disabled={busy}
                    onClick={remove}
                    data-testid="grid-editor-delete-confirm"
                  >
                    {t('admin.gridEditor.delete')}
                  </button>
                  <button
                    type="button"
                    className="button button-small"
                    onClick={() => setConfirmingDelete(false)}
                  >
                    {t('admin.gridEditor.keep')}
                  </button>
                </>
              ) : (
                <button
                  type="button"
                  className="button button-small"
                  onClick={() => setConfirmingDelete(true)}
                  data-testid="grid-editor-delete"
                >
                  {t('admin.gridEditor.delete')}
                </button>
              )}
            </div>
          )}
        </form>
      )}

      {done && mode === 'idle' && (
        <p className="admin-done" role="status" data-testid="grid-editor-done">
          {done}
        </p>
      )}
    </aside>
  );
}

function sameFields(fields: CellFields, other: Pick<CellFields, 'code' | 'name'>): boolean {
  return fields.code === other.code && fields.name === other.name;
}

/** Only what differs from the stored cell, so that a rename does not resend (and re-check) the shape. */
function changesOf(
  editor: Pick<ReturnType<typeof useGridEditor.getState>, 'vertices' | 'original'>,
  fields: CellFields,
  geometry: NonNullable<ReturnType<typeof cellPolygon>>,
): GridCellUpdateBody {
  const original = editor.original;
  const changes: GridCellUpdateBody = {};
  if (fields.code !== original?.fields.code) changes.code = fields.code;
  if (fields.name !== original?.fields.name) changes.name = fields.name;
  if (fields.areaId !== original?.fields.areaId) changes.areaId = fields.areaId;
  if (JSON.stringify(editor.vertices) !== JSON.stringify(original?.vertices)) changes.geometry = geometry;
  return changes;
}
