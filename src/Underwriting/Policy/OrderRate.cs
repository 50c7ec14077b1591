namespace Microcredit.Underwriting.Policy;

/// <summary>The advance rate of one pledged order, or why it gets none (<paramref name="IneligibleReason"/>, a reason code).</summary>
public sealed record OrderRate(decimal Rate, string? IneligibleReason)
{
    public bool Eligible => IneligibleReason is null;
}
