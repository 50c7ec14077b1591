using Microcredit.Scoring.Models.Scorecard;
using Microcredit.Scoring.Models.Scoring;
using Microcredit.Scoring.Models.Trees;

namespace Microcredit.Scoring.Models.Training;

/// <summary>One family's fit on some rows: the compiled scorer and the family's own model (one of the two is set).</summary>
internal sealed record FamilyFit(ModelScorer Scorer, ScorecardFit? Scorecard, TreeEnsemble? Trees)
{
    public int FeatureCount => Scorecard?.Model.Features.Count ?? Scorer.Schema.Features.Count;
}
