// Mouse and keyboard on the grid editor's map. Idle: a click on a cell selects it. Drawing: a
// click adds a corner (on the first corner, or a double-click, closes the cell), Backspace undoes
// the last, Enter closes, Esc abandons. Editing: drag a corner to move it, drag the middle of a
// side to add one, Alt-click or right-click a corner to remove it, Ctrl+Z / Backspace undoes.
import type { Map, MapMouseEvent } from 'maplibre-gl';
import { useEffect } from 'react';
import { useMap } from '../map/MapContext';
import type { LonLat } from '../map/geometry';
import { useGridEditor } from '../store/gridEditor';
import { useGrids } from '../store/grids';
import { cellAt, midpoints, MIN_VERTICES, nearestWithin, type ScreenPoint } from './cellShape';

/** How far from a handle's centre a press still takes it, in CSS pixels (handles are 8–16 px wide). */
const HANDLE_REACH_PX = 10;

type Handle = { kind: 'vertex' | 'midpoint'; index: number; position: LonLat };

interface Props {
  /** Asks before unsaved changes are replaced by another cell; false keeps them. */
  confirmDiscard: () => boolean;
}

export function GridEditorInteractions({ confirmDiscard }: Props) {
  const map = useMap();

  useEffect(() => {
    const editor = useGridEditor.getState;
    let dragging: number | null = null;
    /** A press on a handle is a drag or a removal; the click that may follow it selects nothing. */
    let pressedHandle = false;

    const onClick = (event: MapMouseEvent) => {
      const state = editor();
      const at = lonLat(event);
      if (state.mode === 'drawing') {
        const corners = state.vertices.map((vertex) => map.project(vertex));
        const first = corners.length >= MIN_VERTICES ? corners.slice(0, 1) : [];
        if (nearestWithin(first, event.point, HANDLE_REACH_PX) !== null) state.finishDrawing();
        // The second click of a double-click lands on the corner the first one placed.
        else if (nearestWithin(corners.slice(-1), event.point, HANDLE_REACH_PX) === null) state.addVertex(at);
        return;
      }
      if (pressedHandle) return;
      const cell = cellAt(at, Object.values(useGrids.getState().cells));
      if (cell && cell.properties.id !== state.cellId && confirmDiscard()) editor().select(cell);
    };

    const onDoubleClick = (event: MapMouseEvent) => {
      if (editor().mode !== 'drawing') return;
      event.preventDefault(); // no zoom
      editor().finishDrawing();
    };

    const onMouseDown = (event: MapMouseEvent) => {
      pressedHandle = false;
      if (event.originalEvent.button !== 0) return;
      const handle = handleAt(map, event.point);
      if (!handle) return;
      pressedHandle = true;
      event.preventDefault(); // the handle moves, not the map
      if (handle.kind === 'vertex' && event.originalEvent.altKey) {
        editor().removeVertex(handle.index);
        return;
      }
      if (handle.kind === 'vertex') {
        editor().beginChange();
        dragging = handle.index;
      } else {
        dragging = editor().insertVertex(handle.index, handle.position);
      }
      // Released anywhere, inside the map or not.
      window.addEventListener('mouseup', () => (dragging = null), { once: true });
    };

    const onMouseMove = (event: MapMouseEvent) => {
      const state = editor();
      if (dragging !== null) {
        state.moveVertex(dragging, lonLat(event));
        return;
      }
      if (state.mode === 'drawing') state.setPointer(lonLat(event));
      map.getCanvas().style.cursor = cursorFor(map, event);
    };

    const onMouseOut = () => editor().setPointer(null);

    const onContextMenu = (event: MapMouseEvent) => {
      const handle = handleAt(map, event.point);
      if (handle?.kind !== 'vertex') return;
      event.originalEvent.preventDefault(); // no browser menu over a corner
      editor().removeVertex(handle.index);
    };

    const onKeyDown = (event: KeyboardEvent) => {
      if (isTyping(event.target)) return;
      const state = editor();
      const undo = event.key === 'Backspace' || ((event.ctrlKey || event.metaKey) && event.key === 'z');
      if (state.mode === 'drawing' && event.key === 'Escape') state.reset();
      else if (state.mode === 'drawing' && event.key === 'Enter') state.finishDrawing();
      else if (state.mode !== 'idle' && undo) state.undo();
      else return;
      event.preventDefault();
    };

    map.on('click', onClick);
    map.on('dblclick', onDoubleClick);
    map.on('mousedown', onMouseDown);
    map.on('mousemove', onMouseMove);
    map.on('mouseout', onMouseOut);
    map.on('contextmenu', onContextMenu);
    window.addEventListener('keydown', onKeyDown);
    return () => {
      map.off('click', onClick);
      map.off('dblclick', onDoubleClick);
      map.off('mousedown', onMouseDown);
      map.off('mousemove', onMouseMove);
      map.off('mouseout', onMouseOut);
      map.off('contextmenu', onContextMenu);
      window.removeEventListener('keydown', onKeyDown);
    };
  }, [map, confirmDiscard]);

  return null;
}

const lonLat = (event: MapMouseEvent): LonLat => [event.lngLat.lng, event.lngLat.lat];

/** The corner, or else the middle of a side, under the pointer while a closed shape is edited. */
function handleAt(map: Map, point: ScreenPoint): Handle | null {
  const { mode, vertices } = useGridEditor.getState();
  if (mode !== 'shape') return null;
  const project = (position: LonLat): ScreenPoint => map.project(position);
  const vertex = nearestWithin(vertices.map(project), point, HANDLE_REACH_PX);
  if (vertex !== null) return { kind: 'vertex', index: vertex, position: vertices[vertex]! };
  const middles = midpoints(vertices);
  const middle = nearestWithin(middles.map(project), point, HANDLE_REACH_PX);
  return middle === null ? null : { kind: 'midpoint', index: middle, position: middles[middle]! };
}

function cursorFor(map: Map, event: MapMouseEvent): string {
  const { mode } = useGridEditor.getState();
  if (mode === 'drawing') return 'crosshair';
  if (handleAt(map, event.point)) return 'move';
  return cellAt(lonLat(event), Object.values(useGrids.getState().cells)) ? 'pointer' : '';
}

/** Keys typed into the form are the form's. */
function isTyping(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName))
  );
}
