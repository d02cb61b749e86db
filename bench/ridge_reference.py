"""Reference ridge fits for bench/ridge.ts: scikit-learn RidgeCV(alpha_per_target=True) and a numpy/OpenBLAS
eigh-per-fold 5-fold CV, on the .npy files in DIR, with the given alphas. Each writes its test predictions to
DIR and the last line of stdout is a JSON list of {engine, seconds, pred}. Times include reading the files and writing the predictions.

Usage: python3 ridge_reference.py DIR a1,a2,...
"""

import json
import os
import sys
import time

import numpy as np


def load(directory):
    return (np.load(os.path.join(directory, name)) for name in ("Xtr.npy", "Ytr.npy", "Xte.npy"))


def sklearn_ridgecv(directory, alphas):
    from sklearn.linear_model import RidgeCV

    x, y, x_test = load(directory)
    # Efficient leave-one-out (its default cv=None), one α per target.
    model = RidgeCV(alphas=alphas, alpha_per_target=True).fit(x, y)
    return model.predict(x_test).astype(np.float32)


def numpy_kfold(directory, alphas, folds=5):
    """himalaya-style K-fold: per fold one eigendecomposition of XᵀX, then every α from it; float32 GEMMs."""
    x, y, x_test = load(directory)
    n = len(x)
    alphas = np.asarray(alphas)
    sse = np.zeros((len(alphas), y.shape[1]))
    for f in range(folds):
        s, e = f * n // folds, (f + 1) * n // folds
        train = np.r_[0:s, e:n]
        x_mean, y_mean = x[train].mean(0), y[train].mean(0)
        xt, xv = x[train] - x_mean, x[s:e] - x_mean
        lam, vec = np.linalg.eigh((xt.T @ xt).astype(np.float64))
        vec32 = vec.astype(np.float32)
        z = vec32.T @ (xt.T @ (y[train] - y_mean))
        xv_vec = xv @ vec32
        yv = y[s:e] - y_mean
        for a, alpha in enumerate(alphas):
            pred = (xv_vec / (lam + alpha).astype(np.float32)) @ z
            sse[a] += ((yv - pred) ** 2).sum(0)
    best = alphas[sse.argmin(0)]
    x_mean, y_mean = x.mean(0), y.mean(0)
    xc = x - x_mean
    lam, vec = np.linalg.eigh((xc.T @ xc).astype(np.float64))
    vec32 = vec.astype(np.float32)
    z = vec32.T @ (xc.T @ (y - y_mean))
    coef = z / (lam[:, None] + best[None, :]).astype(np.float32)
    return ((x_test - x_mean) @ vec32) @ coef + y_mean


def main():
    directory, alphas = sys.argv[1], [float(a) for a in sys.argv[2].split(",")]
    results = []
    for engine, fit in (
        ("scikit-learn RidgeCV(alpha_per_target=True), LOO", sklearn_ridgecv),
        ("numpy/OpenBLAS 5-fold, eigh per fold", numpy_kfold),
    ):
        start = time.perf_counter()
        path = os.path.join(directory, f"pred-{fit.__name__}.npy")
        np.save(path, np.ascontiguousarray(fit(directory, alphas), dtype=np.float32))
        seconds = time.perf_counter() - start
        results.append({"engine": engine, "seconds": seconds, "pred": path})
        print(f"{engine}: {seconds:.1f} s", file=sys.stderr)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
