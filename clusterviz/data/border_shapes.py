"""The geometry of the county borders: rounding, Douglas-Peucker simplification, areas, winding, point in polygon.

Plain Python on GeoJSON coordinate lists ([lon, lat] in degrees); areas on an equirectangular projection at the
ring's mean latitude, which is exact enough to drop islands and orient rings.
"""

from __future__ import annotations

import math

DECIMALS = 4  # ~10 m
TOLERANCE_DEG = 0.001  # Douglas-Peucker tolerance (60-110 m), far below what the map's zoom levels show
MIN_PART_KM2 = 0.5  # islands smaller than this are dropped (never the largest part of a county)


def contains(geometry: dict, lon: float, lat: float) -> bool:
    """Whether a GeoJSON Polygon/MultiPolygon holds the point (even-odd rule, holes excluded)."""
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    return any(_in_ring(polygon[0], lon, lat) and not any(_in_ring(hole, lon, lat) for hole in polygon[1:]) for polygon in polygons)


def simplify(polygons: list) -> list:
    """Round, simplify and orient the polygons of one county; drop islands below MIN_PART_KM2."""
    largest = max(polygons, key=lambda polygon: abs(_area_km2(polygon[0])))
    result = []
    for polygon in polygons:
        if polygon is not largest and abs(_area_km2(polygon[0])) < MIN_PART_KM2:
            continue
        outer, *holes = [_simplify_ring(ring) for ring in polygon]
        if outer is None:
            continue
        kept = [h for h in holes if h is not None and abs(_area_km2(h)) >= MIN_PART_KM2]
        result.append([_oriented(outer, ccw=True)] + [_oriented(h, ccw=False) for h in kept])
    return result


def _simplify_ring(ring: list) -> list | None:
    """Rounded, without repeated points, Douglas-Peucker simplified; None when fewer than 3 corners remain."""
    points: list[list[float]] = []
    for x, y in ring:
        point = [round(x, DECIMALS), round(y, DECIMALS)]
        if not points or point != points[-1]:
            points.append(point)
    if points[0] != points[-1]:
        points.append(points[0])
    points = _douglas_peucker(points, TOLERANCE_DEG)
    return points if len(points) >= 4 else None


def _douglas_peucker(points: list, tolerance: float) -> list:
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        norm = math.hypot(dx, dy)
        farthest, index = 0.0, None
        for i in range(first + 1, last):
            x, y = points[i]
            d = abs(dy * (x - x1) - dx * (y - y1)) / norm if norm else math.hypot(x - x1, y - y1)
            if d > farthest:
                farthest, index = d, i
        if index is not None and farthest > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep) if k]


def _area_km2(ring: list) -> float:
    """Signed area (positive = counter-clockwise), equirectangular at the ring's mean latitude."""
    kx = 111.32 * math.cos(math.radians(sum(p[1] for p in ring) / len(ring)))
    twice = sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:]))
    return twice / 2 * kx * 110.57


def _oriented(ring: list, ccw: bool) -> list:
    """RFC 7946 winding: outer rings counter-clockwise, holes clockwise."""
    return ring if (_area_km2(ring) > 0) == ccw else ring[::-1]


def _in_ring(ring: list, lon: float, lat: float) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside
