// Routing on the town's street network: shortest paths (Dijkstra) between graph nodes, and the
// node nearest a point, so an officer can walk from where they are to a task along the streets.
import { haversineMetres, type LonLat, type StreetGraph } from '@fcc/shared';

export class StreetRouter {
  private readonly adjacency: [to: number, metres: number][][];

  constructor(readonly graph: StreetGraph) {
    this.adjacency = graph.nodes.map(() => []);
    for (const [from, to, metres] of graph.edges) {
      this.adjacency[from]?.push([to, metres]);
      this.adjacency[to]?.push([from, metres]);
    }
  }

  get nodeCount(): number {
    return this.graph.nodes.length;
  }

  node(id: number): LonLat {
    const node = this.graph.nodes[id];
    if (!node) throw new RangeError(`no street node ${id}`);
    return node;
  }

  /** Nodes with at least one street: the others cannot be routed from or to. */
  connectedNodes(): number[] {
    return this.adjacency.flatMap((edges, id) => (edges.length > 0 ? [id] : []));
  }

  nearestNode(point: LonLat): number {
    let best = -1;
    let bestMetres = Infinity;
    this.graph.nodes.forEach((node, id) => {
      if (this.adjacency[id]?.length === 0) return;
      const metres = haversineMetres(point, node);
      if (metres < bestMetres) [best, bestMetres] = [id, metres];
    });
    if (best < 0) throw new Error('the street network is empty');
    return best;
  }

  /** The node ids from `from` to `to` along the shortest path; null when they are not connected. */
  shortestPath(from: number, to: number): number[] | null {
    if (from === to) return [from];
    const distance = new Float64Array(this.nodeCount).fill(Infinity);
    const previous = new Int32Array(this.nodeCount).fill(-1);
    const heap = new MinHeap();
    distance[from] = 0;
    heap.push(from, 0);
    for (let item = heap.pop(); item; item = heap.pop()) {
      const [node, dist] = item;
      if (node === to) break;
      if (dist > (distance[node] as number)) continue; // a stale heap entry
      for (const [next, metres] of this.adjacency[node] ?? []) {
        const candidate = dist + metres;
        if (candidate < (distance[next] as number)) {
          distance[next] = candidate;
          previous[next] = node;
          heap.push(next, candidate);
        }
      }
    }
    if (distance[to] === Infinity) return null;
    const path = [to];
    for (let node = previous[to] as number; node >= 0; node = previous[node] as number) path.push(node);
    return path.reverse();
  }

  /** The shortest path as coordinates, from a node to a node. */
  route(from: number, to: number): LonLat[] | null {
    return this.shortestPath(from, to)?.map((id) => this.node(id)) ?? null;
  }
}

class MinHeap {
  private readonly items: [node: number, key: number][] = [];

  push(node: number, key: number): void {
    const items = this.items;
    items.push([node, key]);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((items[parent] as [number, number])[1] <= key) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  pop(): [number, number] | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const [left, right] = [2 * i + 1, 2 * i + 2];
        let smallest = i;
        if (left < items.length && items[left]![1] < items[smallest]![1]) smallest = left;
        if (right < items.length && items[right]![1] < items[smallest]![1]) smallest = right;
        if (smallest === i) break;
        [items[i], items[smallest]] = [items[smallest]!, items[i]!];
        i = smallest;
      }
    }
    return top;
  }
}
