using System.Globalization;
using Microcredit.Scoring.Models.Binning;
using Microcredit.Scoring.Models.Data;
using Microcredit.Scoring.Models.Selection;

namespace Microcredit.Scoring.Models.Scorecard;

/// <summary>
/// Trains a scorecard: bins every candidate, selects features (IV, correlation, VIF), fits the
/// L2 logistic regression on WoE, drops features whose coefficient contradicts their WoE (a
/// positive coefficient would make a safer bin score lower) and refits, then scales to points.
/// </summary>
public static class ScorecardTrainer
{
    public static ScorecardFit Train(TabularData data, int[] labels, IReadOnlyList<string> candidates, ScorecardOptions options)
    {
        var binnings = new List<FeatureBinning>(candidates.Count);
        var woe = new List<double[]>(candidates.Count);
        foreach (var name in candidates)
        {
            var column = data[name];
            var binning = options.FixedBinnings.TryGetValue(name, out var fixedShape)
                ? Binner.Count(fixedShape, column, labels) with { Trend = "manual" }
                : Binner.Fit(column, labels, options.Binning);
            binnings.Add(binning);
            woe.Add(WoeColumn(binning, binning.Assign(column)));
        }

        var (selected, decisions) = FeatureSelector.Select(candidates, [.. binnings.Select(b => b.Iv)], woe, options.Selection);
        var decisionList = decisions.ToList();
        LogisticFit fit;
        while (true)
        {
            fit = LogisticRegression.Fit([.. selected.Select(s => woe[s])], labels, options.L2);
            var worst = -1;
            for (var k = 0; k < selected.Count; k++)
            {
                if (fit.Coefficients[k] > 0 && (worst < 0 || fit.Coefficients[k] > fit.Coefficients[worst]))
                {
                    worst = k;
                }
            }

            if (worst < 0)
            {
                break;
            }

            var dropped = selected[worst];
            var index = decisionList.FindIndex(d => d.Feature == candidates[dropped]);
            decisionList[index] = decisionList[index] with
            {
                Status = "dropped",
                Reason = $"coefficient +{fit.Coefficients[worst].ToString("0.####", CultureInfo.InvariantCulture)} contradicts its WoE",
            };
            selected.RemoveAt(worst);
        }

        var factor = options.Scale.Factor();
        var features = new List<ScorecardFeature>();
        for (var k = 0; k < selected.Count; k++)
        {
            var binning = binnings[selected[k]];
            var coefficient = fit.Coefficients[k];
            features.Add(new ScorecardFeature
            {
                Feature = binning.Feature,
                Coefficient = coefficient,
                Points = [.. binning.Bins.Select(b => RoundPoints(-factor * coefficient * b.Woe))],
                Binning = binning,
            });
        }

        var model = new ScorecardModel
        {
            Intercept = fit.Intercept,
            BasePoints = RoundPoints(options.Scale.Offset() - (factor * fit.Intercept)),
            L2 = options.L2,
            Iterations = fit.Iterations,
            Features = features,
        };
        return new ScorecardFit(model, binnings, decisionList);
    }

    /// <summary>Points are rounded half away from zero.</summary>
    public static int RoundPoints(double points) => (int)Math.Round(points, MidpointRounding.AwayFromZero);

    private static double[] WoeColumn(FeatureBinning binning, int[] bins)
    {
        var result = new double[bins.Length];
        for (var i = 0; i < bins.Length; i++)
        {
            result[i] = binning.Bins[bins[i]].Woe;
        }

        return result;
    }
}
