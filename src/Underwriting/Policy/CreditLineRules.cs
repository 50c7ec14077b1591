using Microcredit.Scoring.Money;

namespace Microcredit.Underwriting.Policy;

/// <summary>Credit-line sizing: line = floor_step(net_gmv_180d / 6 × lineMultiple × (1 − pd)), at most <paramref name="MaxLine"/>.</summary>
/// <param name="LineStep">Lines (and what is left of them under the exposure cap) are rounded down to a multiple of this.</param>
/// <param name="MinLine">A smaller line is not offered (LINE_BELOW_MINIMUM, or EXPOSURE_CAP when outstanding loans shrank it).</param>
/// <param name="MaxLine">Cap on the sized line.</param>
/// <param name="TermMonths">The terms a credit request may ask for, ascending.</param>
public sealed record CreditLineRules(Money LineStep, Money MinLine, Money MaxLine, IReadOnlyList<int> TermMonths);
