#!/usr/bin/python3
# Makes the XGBoost import fixtures (run once with Debian's python3-xgboost 1.7.4; not a project
# dependency): a seeded synthetic set with missing values, a binary:logistic model saved as JSON
# and XGBoost's own predictions, written with 17 significant digits.
import numpy as np
import xgboost as xgb

rng = np.random.default_rng(20261201)
n, m = 600, 5
x = rng.standard_normal((n, m))
logit = 1.2 * x[:, 0] - x[:, 1] + x[:, 2] * x[:, 3] + np.sin(2 * x[:, 4])
y = (rng.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
x[rng.random((n, m)) < 0.08] = np.nan
names = [f"x{i}" for i in range(m)]
train = xgb.DMatrix(x[:400], label=y[:400], feature_names=names, missing=np.nan)
params = {"objective": "binary:logistic", "tree_method": "hist", "max_depth": 4, "eta": 0.2,
          "lambda": 1.0, "alpha": 0.1, "seed": 1, "nthread": 1, "base_score": 0.3}
booster = xgb.train(params, train, num_boost_round=40)
booster.save_model("xgboost_model.json")
test = xgb.DMatrix(x[400:], feature_names=names, missing=np.nan)
pred = booster.predict(test)
margin = booster.predict(test, output_margin=True)
with open("xgboost_predictions.csv", "w") as out:
    out.write(",".join(names) + ",margin,pd\n")
    for row, mg, p in zip(x[400:], margin, pred):
        out.write(",".join("" if np.isnan(v) else repr(float(v)) for v in row) + f",{float(mg)!r},{float(p)!r}\n")
