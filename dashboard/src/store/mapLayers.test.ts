import { describe, expect, it } from 'vitest';
import { layerGroupOf } from './mapLayers';

describe('layerGroupOf', () => {
  it('finds the group of our layers by their id and leaves the base map alone', () => {
    expect(layerGroupOf('grid-areas-fill')).toBe('areas');
    expect(layerGroupOf('grid-cells-outline')).toBe('cells');
    expect(layerGroupOf('officers-dots')).toBe('officers');
    expect(layerGroupOf('track-tail-line')).toBe('trackTail');
    expect(layerGroupOf('tasks-dots')).toBe('tasks');
    expect(layerGroupOf('cameras-wedges-fill')).toBe('cameras');
    expect(layerGroupOf('cameras-icons')).toBe('cameras');
    expect(layerGroupOf('streets')).toBeUndefined();
    expect(layerGroupOf('officers')).toBeUndefined(); // a source name is not a layer of the group
  });
});
