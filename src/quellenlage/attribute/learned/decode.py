"""Decoding of crfsuite linear-chain models with our own Viterbi (one implementation).

``BiasedChain`` reads a crfsuite model's weights once and decodes with numpy, which lets the
message model shift its operating point (a bias on the "O" label) and avoids crfsuite's
per-call string handling.
"""

from __future__ import annotations

from typing import Any


class BiasedChain:
    """Viterbi over a crfsuite linear-chain model's own weights, with a per-label bias.

    crfsuite decodes the single best path; a CRF trained on sparse events prefers "O" and
    so trades recall for precision. Adding ``o_bias`` (negative) to the "O" state score
    before decoding moves the operating point; the value is chosen by cross-validation on
    the train split and stored in the model meta. Reads the weights via ``Tagger.info()``.
    """

    def __init__(self, tagger: Any, o_bias: float) -> None:
        import numpy as np

        info = tagger.info()
        ids = {lab: int(i) for lab, i in info.labels.items()}
        self.labels = [lab for lab, _ in sorted(ids.items(), key=lambda x: x[1])]
        n = len(self.labels)
        self.attr: dict[str, int] = {}
        rows: list[Any] = []
        for (attr, lab), w in info.state_features.items():
            r = self.attr.get(attr)
            if r is None:
                r = self.attr[attr] = len(rows)
                rows.append(np.zeros(n))
            rows[r][ids[lab]] = w
        self.W = np.vstack([*rows, np.zeros(n)])
        self.T = np.zeros((n, n))
        for (a, b), w in info.transitions.items():
            self.T[ids[a], ids[b]] = w
        self.bias = np.zeros(n)
        if "O" in ids:
            self.bias[ids["O"]] = o_bias
        self.np = np

    def tag(self, xseq: list[list[str]]) -> list[str]:
        """The best label path under the biased scores."""
        np = self.np
        if not xseq:
            return []
        amap, empty = self.attr, len(self.W) - 1
        ids: list[int] = []
        offsets: list[int] = []
        get = amap.get
        for feats in xseq:
            offsets.append(len(ids))
            ids.extend([get(a, empty) for a in feats])
            ids.append(empty)  # a zero row: no token sums over nothing
        # one gather and one segmented sum for the whole document
        E = np.add.reduceat(self.W[ids], offsets, axis=0)
        E += self.bias
        score = E[0].copy()
        back = np.zeros((len(xseq), len(self.labels)), dtype=np.int64)
        for t in range(1, len(xseq)):
            cand = score[:, None] + self.T
            back[t] = cand.argmax(0)
            score = cand.max(0) + E[t]
        best = [int(score.argmax())]
        for t in range(len(xseq) - 1, 0, -1):
            best.append(int(back[t][best[-1]]))
        best.reverse()
        return [self.labels[i] for i in best]
