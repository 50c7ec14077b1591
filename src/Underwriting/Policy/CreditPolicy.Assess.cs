using System.Globalization;
using Microcredit.Scoring.Features;
using Microcredit.Scoring.Money;

namespace Microcredit.Underwriting.Policy;

public sealed partial record CreditPolicy
{
    /// <summary>
    /// Assesses a merchant at <paramref name="now"/>. Flow: every hard rule (KYC, tenure, recent
    /// data, activity, past due, block list; all failures are reported), then the grade of the
    /// score, then the line: sized from sales and pd, capped, reduced by outstanding principal
    /// under the exposure cap. The first step that declines gives the policy reason; the model's
    /// reasons follow it.
    /// </summary>
    /// <param name="facts">What is known about the merchant.</param>
    /// <param name="model">The merchant model's result on <paramref name="facts"/>' feature row;
    /// required when that row is recent, ignored otherwise.</param>
    /// <param name="now">The instant of the assessment (from the caller's TimeProvider).</param>
    public Assessment Assess(MerchantFacts facts, ModelResult? model, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var failed = FailedRules(facts, now, out var recent);
        if (recent && model is null)
        {
            throw new ArgumentNullException(nameof(model), $"Merchant {facts.MerchantId} has recent features: score them before assessing.");
        }

        var scored = recent ? model : null;
        var grade = scored is null ? null : GradeOf(scored.Score);
        var modelReasons = scored?.Reasons ?? [];
        var outstanding = facts.OutstandingPrincipal;
        var orderRoom = Max(Money.Zero, Exposure.MaxOutstandingPrincipal - outstanding);

        if (failed.Count > 0 || grade is null)
        {
            List<DecisionReason> reasons = [.. failed, .. modelReasons];
            return Build(facts, scored, grade, now, PolicyAction.Decline, failed, Money.Zero, Money.Zero, 0m, 0m, Money.Zero, reasons, reasons);
        }

        if (grade.Action == PolicyAction.Decline)
        {
            var lowest = Grades.LastOrDefault(g => g.Action != PolicyAction.Decline);
            var text = lowest is null
                ? $"No grade of this policy lends; the score is {Points(scored!.Score)}."
                : $"The score {Points(scored!.Score)} is below {Points((double)lowest.MinScore)}, the lowest cut-off that lends (grade {lowest.Grade}).";
            List<DecisionReason> reasons = [new(ReasonCodes.ScoreBelowCutoff, text, 0), .. modelReasons];
            return Build(facts, scored, grade, now, PolicyAction.Decline, failed, Money.Zero, Money.Zero, 0m, 0m, Money.Zero, reasons, reasons);
        }

        // Order loans do not depend on the credit line: a merchant too small for the minimum line
        // may still take advances on its orders, within the exposure cap.
        var orderRate = grade.OrderAdvanceRate;
        List<DecisionReason> orderReasons = orderRate == 0
            ? [new(ReasonCodes.ScoreBelowCutoff, $"Grade {grade.Grade} takes no order loans.", 0), .. modelReasons]
            : orderRoom == Money.Zero
                ? [ExposureReason(outstanding, Exposure.MaxOutstandingPrincipal, Money.Zero), .. modelReasons]
                : [];
        if (orderReasons.Count > 0)
        {
            orderRate = 0m;
            orderRoom = Money.Zero;
        }

        var monthly = (FeatureValues.ToMoney(facts.Features![FeatureId.NetGmv180d]) ?? Money.Zero).Amount / 6;
        var sized = Min(CreditLine.MaxLine, FloorToLineStep(monthly * grade.LineMultiple * (1m - (decimal)scored!.Pd)));
        if (sized < CreditLine.MinLine)
        {
            var text = $"Average monthly net sales of {Money.Round(monthly)} support a line of {sized}; the smallest line offered is {CreditLine.MinLine}.";
            List<DecisionReason> reasons = [new(ReasonCodes.LineBelowMinimum, text, 0), .. modelReasons];
            return Build(facts, scored, grade, now, PolicyAction.Decline, failed, sized, Money.Zero, grade.DailyRate, orderRate, orderRoom, reasons, orderReasons);
        }

        var ceiling = Min(sized, Exposure.MaxOutstandingPrincipal);
        var available = FloorToLineStep((ceiling - outstanding).Amount);
        if (available < CreditLine.MinLine)
        {
            List<DecisionReason> reasons = [ExposureReason(outstanding, ceiling, available), .. modelReasons];
            return Build(facts, scored, grade, now, PolicyAction.Decline, failed, sized, Money.Zero, grade.DailyRate, orderRate, orderRoom, reasons, orderReasons);
        }

        return Build(facts, scored, grade, now, grade.Action, failed, sized, available, grade.DailyRate, orderRate, orderRoom, modelReasons, orderReasons);

        DecisionReason ExposureReason(Money owed, Money limit, Money left) => new(
            ReasonCodes.ExposureCap,
            $"Outstanding principal of {owed} leaves {left} under the limit of {limit}; the smallest line offered is {CreditLine.MinLine}.",
            0);
    }

    /// <summary>
    /// The hard rules <paramref name="facts"/> fail at <paramref name="now"/>, in flow order;
    /// <paramref name="recent"/> tells whether the merchant has a feature row recent enough to score.
    /// </summary>
    public IReadOnlyList<DecisionReason> FailedRules(MerchantFacts facts, DateTimeOffset now, out bool recent)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var rules = HardRules;
        var failed = new List<DecisionReason>();
        if (rules.RequireKycVerified && !facts.KycVerified)
        {
            failed.Add(new(ReasonCodes.KycNotVerified, "The merchant's identity (KYC) is not verified.", 0));
        }

        var tenure = (long)Math.Floor((now - facts.RegisteredAt).TotalDays);
        if (tenure < rules.MinTenureDays)
        {
            failed.Add(new(ReasonCodes.TenureTooShort, $"The shop has been on the marketplace {Math.Max(tenure, 0)} days; the policy needs {rules.MinTenureDays}.", 0));
        }

        var age = SnapshotAgeDays(facts, now);
        recent = HasRecentData(facts, now);
        if (!recent)
        {
            var text = age is null
                ? "No feature snapshot has been built."
                : age > rules.MaxSnapshotAgeDays
                    ? $"The latest feature snapshot (as of {Date(facts.SnapshotAsOf!.Value)}) is {age} days old; the policy accepts {rules.MaxSnapshotAgeDays}."
                    : $"The latest feature snapshot (as of {Date(facts.SnapshotAsOf!.Value)}) has no row for this merchant.";
            failed.Add(new(ReasonCodes.NoRecentData, text, 0));
        }
        else
        {
            var active = facts.Features![FeatureId.ActiveDays30d];
            if (!(active >= rules.MinActiveDays30d))
            {
                var days = double.IsNaN(active) ? 0 : (long)active;
                failed.Add(new(ReasonCodes.Inactive30d, $"The shop made sales on {days} of the 30 days before {Date(facts.SnapshotAsOf!.Value)}; the policy needs {rules.MinActiveDays30d}.", 0));
            }
        }

        if (facts.MaxDaysPastDue >= rules.DeclineAtDaysPastDue)
        {
            failed.Add(new(ReasonCodes.LoanPastDue, $"A loan is {facts.MaxDaysPastDue} days past due; the policy declines at {rules.DeclineAtDaysPastDue}.", 0));
        }

        if (facts.Blocked)
        {
            failed.Add(new(ReasonCodes.Blocklisted, "The merchant is on the block list.", 0));
        }

        return failed;
    }

    /// <summary>
    /// Whether the merchant has a feature row in a snapshot at most
    /// <see cref="HardRules.MaxSnapshotAgeDays"/> days older than <paramref name="now"/>'s UTC date
    /// (only such a row is scored).
    /// </summary>
    public bool HasRecentData(MerchantFacts facts, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(facts);
        return facts.Features is not null && SnapshotAgeDays(facts, now) <= HardRules.MaxSnapshotAgeDays;
    }

    private static int? SnapshotAgeDays(MerchantFacts facts, DateTimeOffset now) =>
        facts.SnapshotAsOf is { } asOf ? DateOnly.FromDateTime(now.UtcDateTime).DayNumber - asOf.DayNumber : null;

    private Assessment Build(
        MerchantFacts facts,
        ModelResult? scored,
        RiskGrade? grade,
        DateTimeOffset now,
        PolicyAction action,
        IReadOnlyList<DecisionReason> failed,
        Money sized,
        Money limit,
        decimal dailyRate,
        decimal orderRate,
        Money orderRoom,
        IReadOnlyList<DecisionReason> reasons,
        IReadOnlyList<DecisionReason> orderReasons) => new(
            facts.MerchantId,
            Version,
            scored?.ModelId,
            scored is null ? null : facts.SnapshotAsOf,
            now,
            now.AddDays(ValidityDays),
            scored?.Score,
            scored?.Pd,
            grade,
            action,
            failed,
            sized,
            facts.OutstandingPrincipal,
            limit,
            dailyRate,
            orderRate,
            orderRoom,
            reasons,
            orderReasons);

    private static Money Min(Money a, Money b) => a <= b ? a : b;

    private static Money Max(Money a, Money b) => a >= b ? a : b;

    private static string Points(double score) => score.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Date(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
