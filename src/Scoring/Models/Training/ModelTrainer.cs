using Microcredit.Scoring.Models.Artifacts;
using Microcredit.Scoring.Models.Binning;
using Microcredit.Scoring.Models.Calibration;
using Microcredit.Scoring.Models.Data;
using Microcredit.Scoring.Models.Metrics;
using Microcredit.Scoring.Models.Scorecard;
using Microcredit.Scoring.Models.Scoring;
using Microcredit.Scoring.Models.Trees;

namespace Microcredit.Scoring.Models.Training;

/// <summary>
/// The training procedure of every family: validate by refitting on each split's training rows
/// and scoring its test rows, fit the calibration on the out-of-fold margins, then refit on all
/// rows and assemble the artifact. The result depends only on data, options and seed (boosted
/// trees use threads but sum in a fixed order).
/// </summary>
public static class ModelTrainer
{
    public static TrainingResult Train(TabularData data, string dataSha256, TrainingOptions options, IProgress<TrainingStep>? progress = null)
    {
        if (options.Trainer is not (ModelArtifact.ScorecardFamily or ModelArtifact.GbdtFamily))
        {
            throw new ModelDataException($"Unknown trainer '{options.Trainer}' (known: {ModelArtifact.ScorecardFamily}, {ModelArtifact.GbdtFamily}).");
        }

        var labels = TargetReader.Read(data, options.Target);
        var warnings = new List<string>();
        var roles = ColumnRoles.Assign(data, options, warnings);
        var candidates = data.Columns.Where(c => roles[c.Name] == "feature").Select(c => c.Name).ToList();
        foreach (var name in options.Scorecard.FixedBinnings.Keys.Where(k => !candidates.Contains(k)).Order(StringComparer.Ordinal))
        {
            warnings.Add($"The binning file describes '{name}', which is not a candidate feature; ignored.");
        }

        var splits = ValidationPlan.Splits(data, labels, options);
        var total = splits.Count + 1;
        var margins = new double[data.RowCount];
        var tested = new bool[data.RowCount];
        var splitMetrics = new List<SplitMetrics>();
        var scale = options.Scorecard.Scale;
        foreach (var split in splits)
        {
            progress?.Report(new TrainingStep($"validation split {split.Name}", splitMetrics.Count, total));
            var trainLabels = split.Train.Select(i => labels[i]).ToArray();
            var fit = FitFamily(data.Select(split.Train), trainLabels, candidates, options, Uncalibrated);
            var scores = ScoreRows(fit.Scorer, data.Select(split.Test));
            var testLabels = split.Test.Select(i => labels[i]).ToArray();
            if (testLabels.Sum() is 0 || testLabels.Sum() == testLabels.Length)
            {
                throw new ModelDataException($"{data.Source}: validation split '{split.Name}' has only one outcome in its test rows.");
            }

            var risk = scores.Select(s => -s).ToArray();
            splitMetrics.Add(new SplitMetrics(split.Name, split.Train.Length, split.Test.Length, testLabels.Sum(), Auc.Compute(risk, testLabels), KolmogorovSmirnov.Compute(risk, testLabels), fit.FeatureCount));
            for (var k = 0; k < split.Test.Length; k++)
            {
                margins[split.Test[k]] = scale.LogOddsBadOf(scores[k]);
                tested[split.Test[k]] = true;
            }
        }

        var oof = Enumerable.Range(0, data.RowCount).Where(i => tested[i]).ToArray();
        var oofMargins = oof.Select(i => margins[i]).ToArray();
        var oofLabels = oof.Select(i => labels[i]).ToArray();
        var rawPd = oofMargins.Select(LogisticRegression.Sigmoid).ToArray();
        var meanAuc = splitMetrics.Average(s => s.Auc);
        var validation = new ValidationReport(
            ValidationPlan.MethodOf(options),
            options.FoldColumn ?? options.TimeColumn,
            meanAuc,
            (2 * meanAuc) - 1,
            splitMetrics,
            BinaryMetrics.Compute(rawPd, oofLabels),
            CalibrationTable.Compute(rawPd, oofLabels));
        var calibration = Calibrator.Fit(options.Calibration, oofMargins, oofLabels);

        progress?.Report(new TrainingStep("final refit on all rows", splits.Count, total));
        var final = FitFamily(data, labels, candidates, options, calibration);
        var finalScorer = final.Scorer;
        var trainingScores = ScoreRows(finalScorer, data);
        var edges = Psi.QuantileEdges(trainingScores, 10);
        var artifact = new ModelArtifact
        {
            EngineVersion = EngineInfo.Version,
            Family = options.Trainer,
            Target = options.Target,
            Seed = options.Seed,
            Schema = finalScorer.Schema,
            Scale = scale,
            Calibration = calibration,
            Scorecard = final.Scorecard?.Model,
            Trees = final.Trees,
            Validation = validation,
            Training = new TrainingDistribution(
                edges,
                [.. Psi.Histogram(trainingScores, edges).Select(c => (int)c)],
                [.. (final.Scorecard?.Model.Features ?? []).Select(f => new FeatureDistribution(f.Feature, [.. f.Binning.Bins.Select(b => b.Count)]))]),
            Data = Summarize(data, dataSha256, labels, roles),
            Selection = final.Scorecard?.Decisions ?? [],
            Options = options,
            Warnings = warnings,
        };
        progress?.Report(new TrainingStep("done", total, total));
        return new TrainingResult(artifact, final.Scorecard?.Binnings ?? []);
    }

    /// <summary>The identity calibration (pd = σ(margin)), used while validating before the real one is fitted.</summary>
    private static readonly CalibrationMap Uncalibrated = new() { Method = CalibrationMethod.Platt, A = 1, B = 0 };

    /// <summary>Where a model family plugs in: fit on the given rows and compile a scorer.</summary>
    private static FamilyFit FitFamily(TabularData data, int[] labels, IReadOnlyList<string> candidates, TrainingOptions options, CalibrationMap calibration)
    {
        if (options.Trainer == ModelArtifact.GbdtFamily)
        {
            var (trees, scorer) = GbdtFit.Train(data, labels, candidates, options.Gbdt ?? new GbdtOptions(), options.Seed, options.Scorecard.Scale, calibration);
            return new FamilyFit(scorer, null, trees);
        }

        var fit = ScorecardTrainer.Train(data, labels, candidates, options.Scorecard);
        return new FamilyFit(Compile(fit.Model, options.Scorecard.Scale, calibration), fit, null);
    }

    /// <summary>The schema of a scorecard: its features in model order, categorical ones with the labels their bins list.</summary>
    public static FeatureSchema SchemaOf(ScorecardModel model) => FeatureSchema.Create(
        [.. model.Features.Select(f => new FeatureSpec(
            f.Feature,
            f.Binning.Kind,
            f.Binning.Kind == ColumnKind.Categorical ? [.. f.Binning.Bins.SelectMany(b => b.Values ?? []).Order(StringComparer.Ordinal)] : null))]);

    public static ScorecardScorer Compile(ScorecardModel model, PointsScale scale, CalibrationMap calibration) =>
        new(model, SchemaOf(model), scale, calibration);

    private static double[] ScoreRows(ModelScorer scorer, TabularData data)
    {
        var rows = RowEncoder.Encode(data, scorer.Schema);
        var scores = new double[data.RowCount];
        var width = scorer.Schema.Features.Count;
        for (var r = 0; r < scores.Length; r++)
        {
            scores[r] = scorer.Score(rows.AsSpan(r * width, width));
        }

        return scores;
    }

    private static DataSummary Summarize(TabularData data, string sha256, int[] labels, Dictionary<string, string> roles)
    {
        var columns = data.Columns.Select(c =>
        {
            var missing = Enumerable.Range(0, c.Count).Count(c.IsMissing);
            if (c.Kind == ColumnKind.Numeric)
            {
                var present = c.NumberValues.Where(v => !double.IsNaN(v)).ToArray();
                return new ColumnSummary(c.Name, c.Kind, roles[c.Name], missing, present.Distinct().Count(), present.Length > 0 ? present.Min() : null, present.Length > 0 ? present.Max() : null);
            }

            return new ColumnSummary(c.Name, c.Kind, roles[c.Name], missing, c.LabelValues.Where(l => l is not null).Distinct(StringComparer.Ordinal).Count(), null, null);
        }).ToList();
        var events = labels.Sum();
        return new DataSummary(Path.GetFileName(data.Source), sha256, data.RowCount, events, (double)events / data.RowCount, columns);
    }
}
