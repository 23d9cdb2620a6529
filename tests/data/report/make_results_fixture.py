"""Writes results-fixture.json, the results.json the report tests draw from.

The patients are simulated (numpy seed 2024) and the models are fixed
formulas, not fitted, so the numbers are consistent with one another (ROC
curves and AUCs, nomogram points and probability ticks, net benefit of
treat-all) but come from no real study.

Run: /usr/bin/python3 make_results_fixture.py > results-fixture.json
"""
import json, math
import numpy as np
rng = np.random.default_rng(2024)
def r(x, d=4): return float(round(float(x), d))
feat = ["log-sigma-3-0-mm-3D_glszm_LargeAreaHighGrayLevelEmphasis", "wavelet-HLL_glcm_MCC",
        "original_shape_Sphericity", "wavelet-LLH_firstorder_Skewness"]
path_feat = feat + ["original_glcm_Idmn", "wavelet-HHL_gldm_DependenceVariance"]
n_train, n_test = 28, 12
def cohort(n, prefix, start):
    y = np.array([i % 2 for i in range(n)]); rng.shuffle(y)
    X = rng.normal(size=(n, 4)) + np.outer(y, [0.9, 0.7, -0.5, 0.3])
    igg = np.round(rng.normal(14, 3, n) + 3 * y, 1)
    cough = (rng.random(n) < 0.3 + 0.4 * y).astype(int)
    ids = [f"{prefix}{start + i:03d}" for i in range(n)]
    return ids, y, X, igg, cough
tr = cohort(n_train, "P", 1); te = cohort(n_test, "P", 101)
coef = [0.82, 0.61, -0.44, 0.27]; intercept = 0.05
def radscore(X): return intercept + X @ np.array(coef)
def sig(z): return 1 / (1 + np.exp(-z))
def roc(y, s):
    order = np.argsort(-s, kind="stable"); thr = np.unique(s)[::-1]
    P = y.sum(); N = len(y) - P
    fpr = [0.0]; tpr = [0.0]
    for t in thr:
        fpr.append(r(((s >= t) & (y == 0)).sum() / N)); tpr.append(r(((s >= t) & (y == 1)).sum() / P))
    return {"fpr": fpr, "tpr": tpr}
def auc(y, s):
    pos = s[y == 1]; neg = s[y == 0]
    return float(np.mean([(p > q) + 0.5 * (p == q) for p in pos for q in neg]))
def metrics(y, s, thr=0.5):
    p = (s >= thr).astype(int); tp = ((p == 1) & (y == 1)).sum(); tn = ((p == 0) & (y == 0)).sum()
    fp = ((p == 1) & (y == 0)).sum(); fn = ((p == 0) & (y == 1)).sum()
    a = auc(y, s); se = 0.06 + 0.05 * (1 - a)
    prec = tp / (tp + fp) if tp + fp else None
    sens = tp / (tp + fn); f1 = 2 * prec * sens / (prec + sens) if prec else None
    return {"auc": r(a), "auc_ci_low": r(max(0.0, a - 1.96 * se)), "auc_ci_high": r(min(1.0, a + 1.96 * se)),
            "accuracy": r((tp + tn) / len(y)), "sensitivity": r(sens), "specificity": r(tn / (tn + fp)),
            "precision": None if prec is None else r(prec), "f1": None if f1 is None else r(f1), "threshold": thr}
models = [("dt", "Decision tree"), ("rf", "Random forest"), ("xgboost", "XGBoost"),
          ("lightgbm", "LightGBM"), ("knn", "KNN"), ("svm", "SVM")]
sets = {"train": tr, "test": te}
scores = {}
for k, (m, _) in enumerate(models):
    for s, (ids, y, X, igg, cough) in sets.items():
        noise = np.random.default_rng(k * 10 + (s == "test")).normal(0, 0.5 + 0.15 * k, len(y))
        scores[(m, s)] = np.round(sig(radscore(X) + noise), 3)
metric_rows = []; roc_models = {}
for m, name in models:
    roc_models[m] = {}
    for s, c in sets.items():
        metric_rows.append({"model": m, "name": name, "set": s, **metrics(c[1], scores[(m, s)])})
        roc_models[m][s] = roc(c[1], scores[(m, s)])
delong = []
from itertools import combinations
for i, j in combinations(range(6), 2):
    a1 = auc(te[1], scores[(models[i][0], "test")]); a2 = auc(te[1], scores[(models[j][0], "test")])
    z = (a1 - a2) / 0.07; p = math.erfc(abs(z) / math.sqrt(2))
    delong.append({"first": models[i][0], "second": models[j][0], "auc_first": r(a1), "auc_second": r(a2), "z": r(z), "p_value": r(p)})
# LASSO
lam = [r(0.3 * 0.7 ** i, 6) for i in range(12)]
lmin_i, l1se_i = 7, 4
cv_mean = [r(1.39 - 0.5 * (1 - math.exp(-0.5 * i)) + 0.012 * max(0, i - 7) ** 2) for i in range(12)]
cv_sd = [r(0.08 + 0.004 * i) for i in range(12)]
full = [0.95, 0.72, -0.55, 0.33, 0.12, -0.08]
entry = [1, 3, 4, 6, 9, 10]
paths = [[r(0 if i < entry[f] else full[f] * (1 - math.exp(-0.35 * (i - entry[f] + 1)))) for i in range(12)] for f in range(6)]
nonzero = [sum(1 for f in range(6) if paths[f][i] != 0) for i in range(12)]
# correlation
Xall = np.vstack([tr[2]]); C = np.corrcoef(Xall.T)
# radscore
def rs_block(c): return {"id": c[0], "outcome": [int(v) for v in c[1]], "value": [r(v) for v in radscore(c[2])]}
# SHAP (test set, 8 patients)
ids8 = te[0][:8]; D = (te[2][:8] - tr[2].mean(0)) / tr[2].std(0, ddof=1)
ev = -0.12
vals = np.round(D * np.array([0.9, 0.6, -0.35, 0.2]) + np.random.default_rng(5).normal(0, 0.05, (8, 4)), 4)
margin = np.round(ev + vals.sum(1), 4)
# combined models
def lp_clin(c): return -4.3 + 0.206 * c[3] + 1.634 * c[4]
def lp_rad(c): return -0.1 + 1.3 * radscore(c[2])
nom_b = {"radscore": 1.1, "IgG": 0.206, "cough": 1.634}; nom_int = -6.0
def lp_comb(c): return nom_int + 1.1 * radscore(c[2]) + 0.206 * c[3] + 1.634 * c[4]
def lp_lgb(c): return 0.8 * lp_comb(c) + 0.3
comb = {"clinical": lp_clin, "radiomics": lp_rad, "combined": lp_comb, "combined_lightgbm": lp_lgb}
labels = {"clinical": "Clinical model", "radiomics": "Radiomics model", "combined": "Combined model (nomogram)",
          "combined_lightgbm": "Combined model (LightGBM)"}
cmodels = [
  {"name": "clinical", "label": labels["clinical"], "variables": ["IgG", "cough"], "intercept": -4.3, "coefficients": [0.206, 1.634]},
  {"name": "radiomics", "label": labels["radiomics"], "variables": ["radscore"], "intercept": -0.1, "coefficients": [1.3]},
  {"name": "combined", "label": labels["combined"], "variables": ["radscore", "IgG", "cough"], "intercept": nom_int, "coefficients": [1.1, 0.206, 1.634]},
  {"name": "combined_lightgbm", "label": labels["combined_lightgbm"], "variables": ["radscore", "IgG", "cough"], "intercept": None, "coefficients": None}]
cmetrics = []; croc = {}
for nm, f in comb.items():
    croc[nm] = {}
    for s, c in sets.items():
        p = np.round(sig(f(c)), 4)
        cmetrics.append({"name": nm, "set": s, **metrics(c[1], p)})
        croc[nm][s] = roc(c[1], p)
cdelong = []
for s, c in sets.items():
    for a, b in [("clinical", "radiomics"), ("clinical", "combined"), ("radiomics", "combined")]:
        z = (auc(c[1], sig(comb[a](c))) - auc(c[1], sig(comb[b](c)))) / 0.06
        cdelong.append({"first": a, "second": b, "set": s, "z": r(z), "p_value": r(math.erfc(abs(z) / math.sqrt(2)))})
# nomogram
vars_ = [("radscore", "Rad-score", "continuous", -3.0, 3.0, [-3, -2, -1, 0, 1, 2, 3]),
         ("IgG", "IgG (g/L)", "continuous", 8.0, 28.0, [8, 12, 16, 20, 24, 28]),
         ("cough", "Cough", "binary", 0.0, 1.0, [0, 1])]
scale = 100 / max(abs(nom_b[v[0]]) * (v[4] - v[3]) for v in vars_)
nv = []
for name, label, typ, lo, hi, ticks in vars_:
    b = nom_b[name]; z0 = lo if b > 0 else hi
    nv.append({"name": name, "label": label, "coefficient": b, "type": typ, "min": lo, "max": hi, "zero_at": z0,
               "ticks": [{"value": float(t), "points": r(scale * abs(b * (t - z0)), 6)} for t in ticks]})
lp0 = nom_int + sum(nom_b[v[0]] * (v[3] if nom_b[v[0]] > 0 else v[4]) for v in vars_)
tmax = sum(scale * abs(nom_b[v[0]]) * (v[4] - v[3]) for v in vars_)
ptick = []
for p in [0.01, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99]:
    t = scale * (math.log(p / (1 - p)) - lp0)
    if 0 <= t <= tmax: ptick.append({"probability": p, "total_points": r(t, 6)})
# calibration
grid = [r(v) for v in np.linspace(0.05, 0.95, 10)]
app = [r(min(1, max(0, g + 0.06 * math.sin(6 * g)))) for g in grid]
cor = [r(min(1, max(0, g + 0.09 * math.sin(6 * g) - 0.02))) for g in grid]
mae = r(np.mean(np.abs(np.array(cor) - np.array(grid))))
pt = np.sort(np.round(sig(lp_comb(te)), 4))
obs = [r(min(1, max(0, v + 0.08 * math.sin(5 * v)))) for v in pt]
ytest = te[1]; ptest = sig(lp_comb(te))
brier = r(np.mean((ptest - ytest) ** 2))
order = np.argsort(ptest); groups = []
for g in np.array_split(order, 4):
    groups.append({"predicted": r(ptest[g].mean()), "observed": r(ytest[g].mean()), "n": int(len(g))})
# decision curves
thr = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]
def nb(y, p, t):
    n = len(y); tp = ((p >= t) & (y == 1)).sum(); fp = ((p >= t) & (y == 0)).sum()
    return r(tp / n - fp / n * t / (1 - t))
dca = {}
for s, c in sets.items():
    y = c[1]; prev = y.mean()
    netb = {nm: [nb(y, sig(f(c)), t) for t in thr] for nm, f in comb.items() if nm != "combined_lightgbm"}
    netb["treat_all"] = [r(prev - (1 - prev) * t / (1 - t)) for t in thr]
    netb["treat_none"] = [0.0 for _ in thr]
    dca[s] = {"thresholds": thr, "net_benefit": netb}
def setc(c): return {"n": len(c[1]), "negative": int((c[1] == 0).sum()), "positive": int(c[1].sum())}
def pct(k, n): return r(100 * k / n, 1)
res = {
 "title": "IIM-ILD clinical-radiomic study (test fixture)", "simulated": True, "pulmorad_version": "0.1.0",
 "parts": {"clinical": True, "radiomics": True, "skipped": []},
 "cohort": {"outcome": "ILD", "labels": {"negative": "no ILD", "positive": "ILD"}, "seed": 2024,
            "train_fraction": 0.7, "patients": n_train + n_test, "sets": {"train": setc(tr), "test": setc(te)}},
 "clinical": {
   "table2": [
     {"variable": "cough", "level": "yes", "overall_n": 17, "overall_pct": 42.5, "negative_n": 5, "negative_pct": 25.0,
      "positive_n": 12, "positive_pct": 60.0, "p_value": 0.0248, "test": "chi-square"},
     {"variable": "sex", "level": "female", "overall_n": 26, "overall_pct": 65.0, "negative_n": 14, "negative_pct": 70.0,
      "positive_n": 12, "positive_pct": 60.0, "p_value": 0.7411, "test": "fisher"}],
   "table3": [
     {"variable": "age", "unit": "years", "summary": "mean_sd", "overall": [52.1, 11.3, None], "negative": [48.9, 10.2, None],
      "positive": [55.3, 11.7, None], "p_value": 0.0731, "test": "t-test"},
     {"variable": "IgG", "unit": "g/L", "summary": "median_iqr", "overall": [15.2, 12.4, 18.9], "negative": [13.1, 11.0, 15.6],
      "positive": [17.8, 14.9, 20.3], "p_value": 0.0012, "test": "wilcoxon"}],
   "table2_train": [
     {"variable": "cough", "level": "yes", "overall_n": 12, "overall_pct": 42.9, "negative_n": 4, "negative_pct": 28.6,
      "positive_n": 8, "positive_pct": 57.1, "p_value": 0.2521, "test": "fisher"}],
   "table3_train": [
     {"variable": "IgG", "unit": "g/L", "summary": "median_iqr", "overall": [15.0, 12.1, 18.6], "negative": [13.0, 10.8, 15.1],
      "positive": [17.6, 14.2, 20.0], "p_value": 0.0043, "test": "wilcoxon"}],
   "table4": [
     {"variable": "age", "uni_or": 1.051, "uni_ci_low": 0.992, "uni_ci_high": 1.113, "uni_p": 0.091,
      "multi_or": None, "multi_ci_low": None, "multi_ci_high": None, "multi_p": None},
     {"variable": "IgG", "uni_or": 1.251, "uni_ci_low": 1.071, "uni_ci_high": 1.461, "uni_p": 0.0048,
      "multi_or": 1.229, "multi_ci_low": 1.066, "multi_ci_high": 1.416, "multi_p": 0.004},
     {"variable": "cough", "uni_or": 4.8, "uni_ci_low": 1.31, "uni_ci_high": 17.6, "uni_p": 0.018,
      "multi_or": 5.125, "multi_ci_low": 1.397, "multi_ci_high": 18.802, "multi_p": 0.014}],
   "predictors": ["IgG", "cough"]},
 "radiomics": {
   "funnel": [{"step": "input", "features": 1223}, {"step": "constant", "features": 1190},
              {"step": "correlation", "features": 312}, {"step": "mrmr", "features": 30}, {"step": "lasso", "features": 4}],
   "lasso": {"lambda": lam, "cv_mean": cv_mean, "cv_sd": cv_sd, "nonzero": nonzero,
             "lambda_min": lam[lmin_i], "lambda_1se": lam[l1se_i], "chosen": "min",
             "path": {"features": path_feat, "coefficients": paths}},
   "radscore": {"intercept": intercept, "features": feat, "coefficients": coef, "train": rs_block(tr), "test": rs_block(te)},
   "correlation": {"features": feat, "matrix": [[r(v) for v in row] for row in C]},
   "models": {"metrics": metric_rows,
              "hyperparameters": {"dt": {"max_depth": 3, "min_samples_leaf": 2}, "rf": {"n_estimators": 200, "max_depth": 4},
                                  "xgboost": {"max_depth": 2, "eta": 0.1, "rounds": 100}, "lightgbm": {"num_leaves": 7, "learning_rate": 0.05, "rounds": 150},
                                  "knn": {"k": 7}, "svm": {"C": 1.0, "gamma": 0.25}},
              "roc": roc_models, "delong": delong},
   "shap": {"model": "lightgbm", "output": "log-odds margin", "expected_value": ev, "features": feat, "id": ids8,
            "values": vals.tolist(), "data": [[r(v) for v in row] for row in D],
            "margin": margin.tolist(), "probability": [r(v) for v in sig(margin)]}},
 "combined": {
   "models": cmodels, "metrics": cmetrics, "roc": croc, "delong": cdelong,
   "nomogram": {"variables": nv, "scale": scale, "intercept": nom_int, "lp_at_zero_points": lp0,
                "total_points": {"max": r(tmax, 6), "ticks": [0, 20, 40, 60, 80, 100, 120, 140, 160, 180]},
                "probability_ticks": ptick},
   "calibration": {
     "train": {"predicted": grid, "apparent": app, "corrected": cor, "bootstraps": 1000, "usable_bootstraps": 998, "mean_absolute_error": mae},
     "test": {"predicted": [float(v) for v in pt], "observed": obs, "brier": brier, "intercept": -0.249, "slope": 1.207, "groups": groups}},
   "decision_curve": dca},
 "methods": {"software": "pulmorad 0.1.0", "parameter_file": "iim-ild.yaml",
             "split": "Stratified random split, 70% training (seed 2024).",
             "selection": "Correlation filter (|r| > 0.9), mRMR (MID, top 30), LASSO with 5-fold CV at lambda.min.",
             "grids": "Grid search with 5-fold CV by mean AUC; KNN k in {3, 5, 7, 9}.",
             "seeds": "Seed 2024 for the split, the folds, the models and the bootstrap."}}
print(json.dumps(res, indent=1))
