using System.Globalization;
using System.Text.Json;
using Microcredit.Scoring.Models.Artifacts;
using Microcredit.Scoring.Models.Calibration;
using Microcredit.Scoring.Models.Data;
using Microcredit.Scoring.Models.Metrics;
using Microcredit.Scoring.Models.Scorecard;
using Microcredit.Scoring.Models.Scoring;
using Microcredit.Scoring.Models.Training;

namespace Microcredit.Scoring.Models.Trees;

/// <summary>
/// Reads XGBoost's JSON model format (binary:logistic, gbtree, numeric splits) into a
/// <c>gbdt</c> artifact. XGBoost sends x &lt; split_condition left comparing 32-bit floats, keeps
/// a leaf's value in split_conditions and the node cover in sum_hessian; its margin starts at
/// logit(base_score). The artifact's calibration is the identity, so its pd is XGBoost's
/// probability; it has no validation or training distribution (evaluate it to get them).
/// </summary>
public static class XgboostImport
{
    public static ModelArtifact Read(string json, string fileName, string sha256, string target, PointsScale scale)
    {
        using var document = JsonDocument.Parse(json);
        var learner = Get(document.RootElement, "learner", fileName);
        var objective = Get(Get(learner, "objective", fileName), "name", fileName).GetString();
        if (objective != "binary:logistic")
        {
            throw new ModelDataException($"{fileName}: objective '{objective}' is not supported; only binary:logistic models can be imported.");
        }

        var parameters = Get(learner, "learner_model_param", fileName);
        var baseScore = double.Parse(Get(parameters, "base_score", fileName).GetString()!, CultureInfo.InvariantCulture);
        var featureCount = int.Parse(Get(parameters, "num_feature", fileName).GetString()!, CultureInfo.InvariantCulture);
        var booster = Get(learner, "gradient_booster", fileName);
        var boosterName = Get(booster, "name", fileName).GetString();
        if (boosterName != "gbtree")
        {
            throw new ModelDataException($"{fileName}: booster '{boosterName}' is not supported; only gbtree models can be imported.");
        }

        var names = learner.TryGetProperty("feature_names", out var given) && given.GetArrayLength() == featureCount
            ? [.. given.EnumerateArray().Select(n => n.GetString()!)]
            : Enumerable.Range(0, featureCount).Select(i => $"f{i}").ToList();
        var trees = Get(Get(booster, "model", fileName), "trees", fileName).EnumerateArray().Select(t => ReadTree(t, fileName)).ToList();
        var ensemble = new TreeEnsemble
        {
            Source = "xgboost",
            Float32Splits = true,
            BaseMargin = (double)MathF.Log((float)baseScore / (1 - (float)baseScore)),
            Trees = trees,
        };
        var schema = FeatureSchema.Create([.. names.Select(n => new FeatureSpec(n, ColumnKind.Numeric))]);
        return new ModelArtifact
        {
            EngineVersion = EngineInfo.Version,
            Family = ModelArtifact.GbdtFamily,
            Target = target,
            Seed = 0,
            Schema = schema,
            Scale = scale,
            Calibration = new CalibrationMap { Method = CalibrationMethod.Platt, A = 1, B = 0 },
            Trees = ensemble,
            Validation = new ValidationReport("none", null, 0, 0, [], new BinaryMetrics(0, 0, 0, 0, 0, 0, 0), []),
            Training = new TrainingDistribution([], [0], []),
            Data = new DataSummary(fileName, sha256, 0, 0, 0, []),
            Selection = [],
            Options = new TrainingOptions { Target = target, Trainer = ModelArtifact.GbdtFamily, Scorecard = new ScorecardOptions { Scale = scale } },
            Warnings = [$"Imported from the XGBoost model {fileName}; not validated here."],
        };
    }

    private static RegressionTree ReadTree(JsonElement tree, string fileName)
    {
        var left = Ints(tree, "left_children", fileName);
        var right = Ints(tree, "right_children", fileName);
        var split = Ints(tree, "split_indices", fileName);
        var conditions = Doubles(tree, "split_conditions", fileName);
        var cover = Doubles(tree, "sum_hessian", fileName);
        var defaults = Ints(tree, "default_left", fileName);
        if (tree.TryGetProperty("split_type", out var types) && types.EnumerateArray().Any(t => t.GetInt32() != 0))
        {
            throw new ModelDataException($"{fileName}: categorical splits are not supported.");
        }

        var n = left.Length;
        var isLeaf = left.Select(l => l == -1).ToArray();
        return new RegressionTree
        {
            Feature = [.. Enumerable.Range(0, n).Select(k => isLeaf[k] ? -1 : split[k])],
            Threshold = [.. Enumerable.Range(0, n).Select(k => isLeaf[k] ? 0 : conditions[k])],
            Left = [.. Enumerable.Range(0, n).Select(k => isLeaf[k] ? -1 : left[k])],
            Right = [.. Enumerable.Range(0, n).Select(k => isLeaf[k] ? -1 : right[k])],
            DefaultLeft = [.. Enumerable.Range(0, n).Select(k => !isLeaf[k] && defaults[k] != 0)],
            Value = [.. Enumerable.Range(0, n).Select(k => isLeaf[k] ? conditions[k] : 0)],
            Cover = cover,
        };
    }

    private static JsonElement Get(JsonElement element, string name, string fileName) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value
            : throw new ModelDataException($"{fileName}: not an XGBoost JSON model (no \"{name}\").");

    private static int[] Ints(JsonElement tree, string name, string fileName) =>
        [.. Get(tree, name, fileName).EnumerateArray().Select(v => v.ValueKind == JsonValueKind.True ? 1 : v.ValueKind == JsonValueKind.False ? 0 : v.GetInt32())];

    private static double[] Doubles(JsonElement tree, string name, string fileName) =>
        [.. Get(tree, name, fileName).EnumerateArray().Select(v => (double)v.GetSingle())];
}
