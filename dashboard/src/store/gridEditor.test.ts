import { beforeEach, describe, expect, it } from 'vitest';
import type { LonLat } from '../map/geometry';
import type { GridCell } from './grids';
import { hasUnsavedChanges, useGridEditor } from './gridEditor';

const editor = () => useGridEditor.getState();
const fields = { code: 'XC-09', name: 'Ninth', areaId: 'area-1' };
const corners: LonLat[] = [
  [111.6, 40.8],
  [111.61, 40.8],
  [111.61, 40.81],
  [111.6, 40.81],
];
const storedCell: GridCell = {
  type: 'Feature',
  geometry: { type: 'Polygon', coordinates: [[...corners, corners[0]!]] },
  properties: { id: 'cell-1', code: 'XC-01', name: 'First', areaId: 'area-1', areaCode: 'XC' },
};

beforeEach(() => editor().reset());

describe('drawing a new cell', () => {
  it('adds corners, undoes the last, and closes only with three or more', () => {
    editor().startDrawing(fields);
    expect(hasUnsavedChanges(editor())).toBe(false);
    editor().addVertex(corners[0]!);
    editor().addVertex(corners[1]!);
    expect(hasUnsavedChanges(editor())).toBe(true);
    expect(editor().finishDrawing()).toBe(false);
    expect(editor().mode).toBe('drawing');

    editor().addVertex([111.7, 40.9]); // a misplaced corner
    editor().undo();
    expect(editor().vertices).toEqual(corners.slice(0, 2));
    editor().addVertex(corners[2]!);
    editor().addVertex(corners[2]!); // the second click of a double-click
    expect(editor().finishDrawing()).toBe(true);
    expect(editor().mode).toBe('shape');
    expect(editor().vertices).toEqual(corners.slice(0, 3));
    expect(hasUnsavedChanges(editor())).toBe(true);
  });

  it('undoes down to no corner at all while drawing', () => {
    editor().startDrawing(fields);
    editor().addVertex(corners[0]!);
    editor().undo();
    editor().undo();
    expect(editor().vertices).toEqual([]);
    expect(editor().mode).toBe('drawing');
  });
});

describe('editing a stored cell', () => {
  it('starts unchanged, and any corner or field change is unsaved until put back', () => {
    editor().select(storedCell);
    expect(editor()).toMatchObject({ mode: 'shape', cellId: 'cell-1', vertices: corners });
    expect(hasUnsavedChanges(editor())).toBe(false);

    editor().setFields({ name: 'Renamed' });
    expect(hasUnsavedChanges(editor())).toBe(true);
    editor().setFields({ name: 'First' });
    expect(hasUnsavedChanges(editor())).toBe(false);

    editor().beginChange();
    editor().moveVertex(2, [111.62, 40.82]);
    editor().moveVertex(2, [111.63, 40.83]); // a drag moves it many times
    expect(hasUnsavedChanges(editor())).toBe(true);
    editor().undo(); // the whole drag at once
    expect(editor().vertices).toEqual(corners);
    expect(hasUnsavedChanges(editor())).toBe(false);
  });

  it('inserts a corner at a midpoint, removes corners down to three, and undo stops at a triangle', () => {
    editor().select(storedCell);
    expect(editor().insertVertex(3, [111.59, 40.805])).toBe(4);
    expect(editor().vertices).toHaveLength(5);
    editor().removeVertex(0);
    editor().removeVertex(0);
    editor().removeVertex(0);
    expect(editor().vertices).toHaveLength(3);
    editor().undo();
    editor().undo();
    editor().undo();
    expect(editor().vertices).toEqual(corners);
    editor().undo(); // nothing before the cell as stored
    expect(editor().vertices).toEqual(corners);
  });

  it('keeps the server error while the cell is being fixed', () => {
    editor().select(storedCell);
    editor().setError('Grid cell XC-01 would overlap existing cell XC-02 by 40 m²');
    editor().beginChange();
    editor().moveVertex(0, [111.601, 40.8]);
    expect(editor().error).toMatch(/overlap existing cell XC-02/);
    editor().reset();
    expect(editor().error).toBeNull();
  });
});
