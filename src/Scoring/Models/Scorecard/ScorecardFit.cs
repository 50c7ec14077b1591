using Microcredit.Scoring.Models.Binning;
using Microcredit.Scoring.Models.Selection;

namespace Microcredit.Scoring.Models.Scorecard;

/// <summary>What training a scorecard produced: the model, every candidate's binning, and the selection log.</summary>
public sealed record ScorecardFit(ScorecardModel Model, IReadOnlyList<FeatureBinning> Binnings, IReadOnlyList<FeatureDecision> Decisions);
