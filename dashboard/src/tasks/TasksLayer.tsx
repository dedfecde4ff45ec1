// Open tasks on the map as diamonds coloured by priority, and the pin of a task being drafted.
import { Marker, type MapLayerMouseEvent } from 'maplibre-gl';
import { useEffect, useMemo } from 'react';
import { TASK_IMAGE_PREFIX } from '../map/generatedImages';
import { useMap } from '../map/MapContext';
import { featureCollection, removeLayersAndSource, setSourceData } from '../map/sources';
import { isOpenTask, selectTasks, useTasks } from '../store/tasks';
import { useUi } from '../store/ui';
import { PRIORITY_COLOURS } from './priorityColours';

const SOURCE = 'tasks';
const DOTS = 'tasks-dots';
const OPENED = 'tasks-opened';

export function TasksLayer() {
  const map = useMap();
  const tasks = useTasks(selectTasks);
  const openTaskId = useUi((state) => state.openTaskId);
  const draftLocation = useUi((state) => state.draft?.location ?? null);

  useEffect(() => {
    map.addSource(SOURCE, { type: 'geojson', data: featureCollection([]) });
    map.addLayer({
      id: OPENED,
      type: 'circle',
      source: SOURCE,
      filter: ['==', ['get', 'id'], ''],
      paint: {
        'circle-radius': 14,
        'circle-color': 'rgba(0,0,0,0)',
        'circle-stroke-color': '#f1f5f8',
        'circle-stroke-width': 2,
      },
    });
    map.addLayer({
      id: DOTS,
      type: 'symbol',
      source: SOURCE,
      layout: {
        'icon-image': ['concat', TASK_IMAGE_PREFIX, ['get', 'colour']],
        'icon-allow-overlap': true,
        'icon-ignore-placement': true,
        'symbol-sort-key': ['get', 'rank'],
      },
    });
    const onClick = (event: MapLayerMouseEvent) => {
      const id = event.features?.[0]?.properties.id as string | undefined;
      if (id && !useUi.getState().picking) useUi.getState().openTask(id);
    };
    const pointer = () => (map.getCanvas().style.cursor = 'pointer');
    const noPointer = () => (map.getCanvas().style.cursor = useUi.getState().picking ? 'crosshair' : '');
    map.on('click', DOTS, onClick);
    map.on('mouseenter', DOTS, pointer);
    map.on('mouseleave', DOTS, noPointer);
    return () => {
      map.off('click', DOTS, onClick);
      map.off('mouseenter', DOTS, pointer);
      map.off('mouseleave', DOTS, noPointer);
      removeLayersAndSource(map, [DOTS, OPENED], SOURCE);
    };
  }, [map]);

  const data = useMemo(
    () =>
      featureCollection(
        Object.values(tasks)
          .filter(isOpenTask)
          .map((task) => ({
            type: 'Feature' as const,
            geometry: { type: 'Point' as const, coordinates: [task.location.lon, task.location.lat] },
            properties: {
              id: task.id,
              colour: PRIORITY_COLOURS[task.priority],
              rank: ['urgent', 'high', 'normal', 'low'].indexOf(task.priority),
            },
          })),
      ),
    [tasks],
  );
  useEffect(() => setSourceData(map, SOURCE, data), [map, data]);
  useEffect(() => {
    if (map.getLayer(OPENED)) map.setFilter(OPENED, ['==', ['get', 'id'], openTaskId ?? '']);
  }, [map, openTaskId]);

  useEffect(() => {
    if (!draftLocation) return;
    const element = document.createElement('div');
    element.className = 'draft-pin';
    element.dataset.testid = 'draft-pin';
    const marker = new Marker({ element, anchor: 'bottom' })
      .setLngLat([draftLocation.lon, draftLocation.lat])
      .addTo(map);
    return () => {
      marker.remove();
    };
  }, [map, draftLocation]);

  return null;
}
