"""Text similarity of calls: TF-IDF over character 2- and 3-grams, cosine.

Used for the duplicate check while filing (similar open calls) and for grouping hot issues
(每月一题). Chinese needs no word segmentation for this: character n-grams catch "停水" in
"厂区停水三天" as well as in "停水了".
"""

from __future__ import annotations

import unicodedata

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer


def normalise(text: str) -> str:
    """NFKC, lower case, whitespace removed (as the router does)."""
    return "".join(unicodedata.normalize("NFKC", text or "").lower().split())


def vectorise(texts: list[str]):
    """Return the L2-normalised TF-IDF matrix of `texts` (rows) and its vectorizer."""
    vec = TfidfVectorizer(
        analyzer="char", ngram_range=(2, 3), sublinear_tf=True, min_df=1
    )
    matrix = vec.fit_transform([normalise(t) or "—" for t in texts])
    return matrix, vec


def similarity_to(query: str, texts: list[str]) -> np.ndarray:
    """Return the cosine similarity of `query` to each of `texts` (0..1)."""
    if not texts:
        return np.zeros(0)
    matrix, _vec = vectorise([*texts, query])
    q = matrix[len(texts)]
    return (matrix[: len(texts)] @ q.T).toarray().ravel()


def groups(texts: list[str], *, threshold: float) -> list[list[int]]:
    """Return groups of indices whose texts are similar (single linkage at `threshold`).

    Two texts with cosine >= threshold are joined, and so are their groups (union-find);
    singletons are returned too. Largest groups first.
    """
    n = len(texts)
    if n == 0:
        return []
    matrix, _vec = vectorise(texts)
    sims = (matrix @ matrix.T).tocoo()
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j, v in zip(sims.row, sims.col, sims.data, strict=True):
        if i < j and v >= threshold:
            a, b = find(int(i)), find(int(j))
            if a != b:
                parent[b] = a
    out: dict[int, list[int]] = {}
    for i in range(n):
        out.setdefault(find(i), []).append(i)
    return sorted(out.values(), key=lambda g: (-len(g), g[0]))


def central(texts: list[str], members: list[int]) -> int:
    """Return the member whose text is most similar to the rest (the group's face)."""
    if len(members) <= 2:
        return members[0]
    matrix, _vec = vectorise([texts[i] for i in members])
    scores = np.asarray((matrix @ matrix.T).sum(axis=1)).ravel()
    return members[int(scores.argmax())]
