using Microcredit.Scoring.Money;
using Microcredit.Underwriting.Policy;

namespace Microcredit.Underwriting.Offers;

/// <summary>
/// A merchant's standing offer (a row of <c>offers</c>): the credit line it may draw and the
/// order-loan advance rate of its grade, as the last refresh computed them.
/// </summary>
/// <param name="MerchantId">The merchant.</param>
/// <param name="AsOf">The snapshot date scored; null without recent features.</param>
/// <param name="ModelId">The model used.</param>
/// <param name="PolicyVersion">The policy applied.</param>
/// <param name="Score">Null without recent features.</param>
/// <param name="Pd">Null without recent features.</param>
/// <param name="RiskGrade">Grade name; null without recent features.</param>
/// <param name="Action">What a credit request up to the limit gets.</param>
/// <param name="CreditLimit">0 on a decline.</param>
/// <param name="DailyRate">The grade's daily rate; 0 when the merchant failed a hard rule or its grade declines.</param>
/// <param name="OrderAdvanceRate">The grade's order advance rate; 0 when order loans are closed to the merchant.</param>
/// <param name="Reasons">The assessment's credit reasons.</param>
/// <param name="ComputedAt">When the refresh ran.</param>
/// <param name="ValidUntil">ComputedAt + the policy's validity days.</param>
/// <param name="FrozenAt">Set when an early warning froze the line; refreshes keep it.</param>
/// <param name="FrozenReason">Why it was frozen.</param>
public sealed record Offer(
    string MerchantId,
    DateOnly? AsOf,
    string ModelId,
    string PolicyVersion,
    double? Score,
    double? Pd,
    string? RiskGrade,
    PolicyAction Action,
    Money CreditLimit,
    decimal DailyRate,
    decimal OrderAdvanceRate,
    IReadOnlyList<DecisionReason> Reasons,
    DateTimeOffset ComputedAt,
    DateTimeOffset ValidUntil,
    DateTimeOffset? FrozenAt = null,
    string? FrozenReason = null)
{
    /// <summary>The offer of an assessment made with model <paramref name="modelId"/>.</summary>
    public static Offer From(Assessment assessment, string modelId)
    {
        ArgumentNullException.ThrowIfNull(assessment);
        return new Offer(
            assessment.MerchantId,
            assessment.AsOf,
            assessment.ModelId ?? modelId,
            assessment.PolicyVersion,
            assessment.Score,
            assessment.Pd,
            assessment.Grade?.Grade,
            assessment.Action,
            assessment.CreditLimit,
            assessment.DailyRate,
            assessment.OrderAdvanceRate,
            assessment.Reasons,
            assessment.AssessedAt,
            assessment.ValidUntil);
    }
}
