"""Average-linkage clustering on a sparse similarity graph, deterministic and incremental.

Two clusters merge when the average similarity over all their member pairs (pairs that were
never compared count as 0) is the highest left and reaches the threshold, and ``can_merge``
allows it (claims with two different speakers or numbers never merge). Average linkage, not
single linkage: one bridging article must not chain two events into one story.

Incremental runs pass the clusters of the previous run as ``frozen`` groups: new items may
join them, they are never split, and two frozen groups are never merged, so every id handed
out before stays valid. Ties are broken by item order, so the same input gives the same
clusters.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Callable, Sequence


def average_linkage(
    n: int,
    pairs: Sequence[tuple[int, int, float]],
    threshold: float,
    *,
    frozen: Sequence[Sequence[int]] = (),
    can_merge: Callable[[list[int], list[int]], bool] | None = None,
    evidence: Callable[[list[int], list[int]], bool] | None = None,
    threshold_without: float | None = None,
) -> list[list[int]]:
    """Clusters of the items ``0..n-1`` as sorted member lists, ordered by first member.

    With ``evidence``, two groups that ``evidence`` does not connect (no shared claim between
    two stories' articles, say) need the higher mean ``threshold_without`` to merge.
    """
    cluster_of = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    is_frozen: set[int] = set()
    for group in frozen:
        group = sorted(set(group))
        if not group:
            continue
        root = group[0]
        for i in group[1:]:
            members.pop(i, None)
            cluster_of[i] = root
        members[root] = group
        is_frozen.add(root)
    links: dict[int, dict[int, float]] = defaultdict(dict)
    for a, b, s in pairs:
        ca, cb = cluster_of[a], cluster_of[b]
        if ca != cb:
            links[ca][cb] = links[ca].get(cb, 0.0) + s
            links[cb][ca] = links[cb].get(ca, 0.0) + s
    heap: list[tuple[float, int, int]] = []

    def push(x: int, y: int) -> None:
        x, y = min(x, y), max(x, y)
        if x in is_frozen and y in is_frozen:
            return
        avg = links[x][y] / (len(members[x]) * len(members[y]))
        if avg >= threshold:
            heapq.heappush(heap, (-avg, x, y))

    for x in sorted(links):
        for y in sorted(links[x]):
            if x < y:
                push(x, y)
    while heap:
        neg, x, y = heapq.heappop(heap)
        if x not in members or y not in members or y not in links[x]:
            continue
        current = links[x][y] / (len(members[x]) * len(members[y]))
        if abs(current + neg) > 1e-12:
            continue  # stale: one side has grown since this entry was pushed
        refused = can_merge is not None and not can_merge(members[x], members[y])
        if not refused and evidence is not None and threshold_without is not None:
            refused = current < threshold_without and not evidence(members[x], members[y])
        if refused:
            del links[x][y], links[y][x]
            continue
        _merge(x, y, members, links, is_frozen)
        for z in sorted(links[x]):
            push(x, z)
    return sorted((sorted(m) for m in members.values()), key=lambda m: m[0])


def _merge(
    x: int,
    y: int,
    members: dict[int, list[int]],
    links: dict[int, dict[int, float]],
    is_frozen: set[int],
) -> None:
    """Fold cluster ``y`` into ``x`` (``x < y``): members, summed links, frozen flag."""
    members[x] = sorted(members[x] + members.pop(y))
    if y in is_frozen:
        is_frozen.discard(y)
        is_frozen.add(x)
    for z, s in links.pop(y).items():
        del links[z][y]
        if z == x:
            continue
        links[x][z] = links[x].get(z, 0.0) + s
        links[z][x] = links[x][z]
