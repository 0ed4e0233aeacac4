"""Layered layout of a flow diagram (top to bottom, or left to right), as pure functions the
tests can check.

Nodes go in layers by their longest path from a start node. An edge that spans several layers
passes through a reserved slot (a dummy node) in each layer between, so it runs between boxes,
never through one. Within a layer, nodes are ordered by the average position of their
neighbours, a few sweeps down and up, which removes most crossings. Boxes sit at the top of
their layer's band; arrows leave a box at its foot, cross the gap between bands, and enter the
next box at its top.
"""

from __future__ import annotations

from dataclasses import dataclass

Point = tuple[float, float]


@dataclass(frozen=True)
class Rect:
    x: float  # left
    y: float  # top; y grows downwards
    w: float
    h: float

    def overlaps(self, other: "Rect", margin: float = 0) -> bool:
        return (self.x < other.x + other.w + margin and other.x < self.x + self.w + margin
                and self.y < other.y + other.h + margin and other.y < self.y + self.h + margin)


@dataclass(frozen=True)
class FlowLayout:
    boxes: dict[str, Rect]
    routes: list[list[Point]]  # one polyline per edge, in the order of the edges
    width: float
    height: float


def layers_of(nodes: list[str], edges: list[tuple[str, str]]) -> dict[str, int]:
    """Longest-path layering of an acyclic graph (the parser refuses cycles)."""
    layer = {n: 0 for n in nodes}
    for _ in nodes:  # relax until stable; at most one pass per node in an acyclic graph
        changed = False
        for a, b in edges:
            if layer[b] < layer[a] + 1:
                layer[b], changed = layer[a] + 1, True
        if not changed:
            break
    return layer


def layout_flow(sizes: dict[str, tuple[float, float]], edges: list[tuple[str, str]], *,
                gap_x: float, gap_y: float, slot: float) -> FlowLayout:
    """Place boxes of the given sizes (in the order given) and route the edges between them."""
    nodes = list(sizes)
    layer = layers_of(nodes, edges)
    count = max(layer.values()) + 1
    rows: list[list[str]] = [[n for n in nodes if layer[n] == i] for i in range(count)]
    width_of = dict((n, sizes[n][0]) for n in nodes)
    chains: list[list[str]] = []  # each edge as the list of nodes it passes, dummies included
    for i, (a, b) in enumerate(edges):
        chain = [a]
        for level in range(layer[a] + 1, layer[b]):
            dummy = f"\0{i}.{level}"
            rows[level].append(dummy)
            width_of[dummy] = slot
            chain.append(dummy)
        chains.append(chain + [b])
    neighbours: dict[str, dict[str, list[str]]] = {n: {"up": [], "down": []} for row in rows for n in row}
    for chain in chains:
        for a, b in zip(chain, chain[1:]):
            neighbours[a]["down"].append(b)
            neighbours[b]["up"].append(a)

    def sweep(order: list[list[str]], downwards: bool) -> None:
        levels = range(1, count) if downwards else range(count - 2, -1, -1)
        for level in levels:
            ref = order[level - 1] if downwards else order[level + 1]
            position = {n: i for i, n in enumerate(ref)}
            side = "up" if downwards else "down"
            def barycentre(n: str, current: int) -> float:
                linked = [position[m] for m in neighbours[n][side] if m in position]
                return sum(linked) / len(linked) if linked else current
            row = order[level]
            order[level] = [n for _, n in sorted(((barycentre(n, i), i), n) for i, n in enumerate(row))]

    for _ in range(4):
        sweep(rows, True)
        sweep(rows, False)

    # Horizontal positions: each node as near the centre of its upper neighbours as the row
    # allows, keeping gap_x between neighbours.
    centre: dict[str, float] = {}
    for level, row in enumerate(rows):
        wanted = []
        for n in row:
            ups = [centre[m] for m in neighbours[n]["up"] if m in centre]
            wanted.append(sum(ups) / len(ups) if ups else None)
        total = sum(width_of[n] for n in row) + gap_x * (len(row) - 1)
        x = -total / 2
        placed = []
        for n, want in zip(row, wanted):
            left = x if want is None else max(x, want - width_of[n] / 2)
            placed.append(left)
            x = left + width_of[n] + gap_x
        # Shift the row back so it is centred on where its nodes wanted to be (never overlapping).
        desired = [w - width_of[n] / 2 for n, w in zip(row, wanted) if w is not None]
        actual = [p for p, w in zip(placed, wanted) if w is not None]
        shift = (sum(desired) - sum(actual)) / len(desired) if desired else 0
        span = placed[-1] + width_of[row[-1]] - placed[0] if row else 0
        shift = shift if desired else -(placed[0] + span / 2)
        for n, left in zip(row, placed):
            centre[n] = left + shift + width_of[n] / 2
    left_edge = min(centre[n] - width_of[n] / 2 for row in rows for n in row)
    right_edge = max(centre[n] + width_of[n] / 2 for row in rows for n in row)

    band_top, y = [], 0.0
    heights = [max((sizes[n][1] for n in row if n in sizes), default=0) for row in rows]
    for h in heights:
        band_top.append(y)
        y += h + gap_y
    boxes = {n: Rect(centre[n] - sizes[n][0] / 2 - left_edge, band_top[layer[n]], *sizes[n]) for n in nodes}

    # Ports: the edges leaving (entering) a box share its foot (top), ordered by where they go.
    def x_of(n: str) -> float:
        return centre[n] - left_edge

    exits = {n: sorted((i for i, c in enumerate(chains) if c[0] == n), key=lambda i: x_of(chains[i][1])) for n in nodes}
    entries = {n: sorted((i for i, c in enumerate(chains) if c[-1] == n), key=lambda i: x_of(chains[i][-2])) for n in nodes}

    def port(n: str, i: int, ports: list[int]) -> float:
        box = boxes[n]
        return box.x + box.w * (ports.index(i) + 1) / (len(ports) + 1)

    routes = []
    for i, chain in enumerate(chains):
        a, b = chain[0], chain[-1]
        start = port(a, i, exits[a])
        points = [(start, boxes[a].y + boxes[a].h), (start, band_top[layer[a]] + heights[layer[a]])]
        for level, dummy in enumerate(chain[1:-1], layer[a] + 1):
            points += [(x_of(dummy), band_top[level]), (x_of(dummy), band_top[level] + heights[level])]
        points.append((port(b, i, entries[b]), boxes[b].y))
        routes.append([p for k, p in enumerate(points) if k == 0 or p != points[k - 1]])
    return FlowLayout(boxes, routes, right_edge - left_edge, y - gap_y)


def transposed(layout: FlowLayout) -> FlowLayout:
    """The layout turned from top-to-bottom into left-to-right (x and y swapped)."""
    return FlowLayout({n: Rect(b.y, b.x, b.h, b.w) for n, b in layout.boxes.items()},
                      [[(y, x) for x, y in route] for route in layout.routes], layout.height, layout.width)


def layout_flow_across(sizes: dict[str, tuple[float, float]], edges: list[tuple[str, str]], *,
                       gap_x: float, gap_y: float, slot: float) -> FlowLayout:
    """Left to right: layers become columns; arrows leave a box on its right and enter on the left."""
    turned = {n: (h, w) for n, (w, h) in sizes.items()}
    return transposed(layout_flow(turned, edges, gap_x=gap_x, gap_y=gap_y, slot=slot))


def segment_crosses(p: Point, q: Point, box: Rect, margin: float = 0.5) -> bool:
    """Whether the segment p-q passes through the inside of ``box`` (touching its edge is fine)."""
    x0, y0, x1, y1 = box.x + margin, box.y + margin, box.x + box.w - margin, box.y + box.h - margin
    t0, t1 = 0.0, 1.0
    dx, dy = q[0] - p[0], q[1] - p[1]
    for step, low, high, start in ((dx, x0, x1, p[0]), (dy, y0, y1, p[1])):
        if step == 0:
            if not low < start < high:
                return False
            continue
        a, b = (low - start) / step, (high - start) / step
        t0, t1 = max(t0, min(a, b)), min(t1, max(a, b))
        if t0 >= t1:
            return False
    return True
