namespace Microcredit.Scoring.Models.Selection;

/// <summary>Why a candidate feature is in the model or not, as recorded in the artifact.</summary>
/// <param name="Feature">The column.</param>
/// <param name="Iv">Its information value on the training rows.</param>
/// <param name="Status"><c>selected</c> or <c>dropped</c>.</param>
/// <param name="Reason">Empty for selected features; e.g. <c>IV 0.004 &lt; 0.02</c>.</param>
public sealed record FeatureDecision(string Feature, double Iv, string Status, string Reason);
