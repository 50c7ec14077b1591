using Microcredit.Scoring.Models.Artifacts;
using Microcredit.Scoring.Models.Binning;
using Microcredit.Scoring.Models.Calibration;
using Microcredit.Scoring.Models.Data;
using Microcredit.Scoring.Models.Metrics;
using Microcredit.Scoring.Models.Scorecard;
using Microcredit.Scoring.Models.Training;
using Microcredit.Tests;
using static Microcredit.Tests.HandScorecards;

namespace Microcredit.Scoring.Tests.Models;

/// <summary>
/// A scorecard written by hand, so scores, reasons and SQL can be checked against arithmetic:
/// base 500; age &lt;30 −10, 30–50 +5, ≥50 +15, = −1 −20, missing 0; region north +10,
/// {south, west, other} −5, missing −8; f3 ±3, f4 ±4, f5 ±10 (below 0 / from 0).
/// </summary>
internal static class HandModel
{
    public static ModelArtifact Create()
    {
        var features = new List<ScorecardFeature>
        {
            Feature("age", ColumnKind.Numeric, [Range(null, 30), Range(30, 50), Range(50, null), new Bin { Kind = BinKind.Special, Value = -1, Count = 1 }, Missing()], [-10, 5, 15, -20, 0]),
            Feature("region", ColumnKind.Categorical, [Values(false, "north"), Values(true, "south", "west"), Missing()], [10, -5, -8]),
            Split("f3", 3),
            Split("f4", 4),
            Split("f5", 10),
        };
        return HandScorecards.Artifact(features, 500, "bad");
    }

    private static ScorecardFeature Split(string name, int points) =>
        Feature(name, ColumnKind.Numeric, [Range(null, 0), Range(0, null), Missing()], [-points, points, 0]);
}
