using Microcredit.Scoring.Features;
using Microcredit.Scoring.Features.Engine;
using Microcredit.Scoring.Features.History;
using Microcredit.Scoring.Labels;

namespace Microcredit.Scoring.Tests.Features;

/// <summary>
/// Features as of D depend only on events before D: deleting or altering every event at or after
/// D (randomized histories, fixed seeds) leaves the rows bit for bit the same.
/// </summary>
public class PointInTimeTests
{
    private const long Day = 86_400_000;

    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 40)];

    [Theory, MemberData(nameof(Seeds))]
    public void Features_DoNotChange_WhenEventsAtOrAfterTheDateAreDeletedOrAltered(int seed)
    {
        var rows = RandomHistory.Create(seed);
        var random = new Random(seed * 7919);
        var asOf = DateOnly.FromDateTime(RandomHistory.Start.AddDays(100 + random.Next(800)).UtcDateTime);
        var cut = HistoryRows.Ms($"{asOf:yyyy-MM-dd}T00:00:00Z");

        var before = FeatureEngine.ComputeAsOf(rows.ToHistory(), asOf);
        var after = FeatureEngine.ComputeAsOf(Rewrite(rows, cut, random).ToHistory(), asOf);

        Assert.Equal(before.MerchantIds, after.MerchantIds);
        for (var r = 0; r < before.RowCount; r++)
        {
            AssertSameRow(before.Row(r), after.Row(r), $"seed {seed}, {before.MerchantIds[r]}, as of {asOf}");
        }
    }

    [Theory, MemberData(nameof(Seeds))]
    public void TrainingSetFeatures_EqualSingleDateFeaturesAsOfTheDisbursementDay(int seed)
    {
        var rows = RandomHistory.Create(seed, merchants: 4);
        var random = new Random(seed);
        foreach (var merchant in rows.Merchants)
        {
            // Several loans per merchant so one sweep serves several as-of days.
            for (var l = 0; l < 6; l++)
            {
                var disbursed = merchant.RegisteredAt + Day + random.NextInt64(700 * Day);
                var id = $"{merchant.MerchantId}-X{l}";
                rows.Loans.Add(new HistoryRows.LoanRow(id, merchant.MerchantId, "order", 10_000, 0, disbursed, $"{DateTimeOffset.FromUnixTimeMilliseconds(disbursed).AddDays(20):yyyy-MM-dd}"));
                rows.Installments.Add(new HistoryRows.InstallmentRow(id, 1, $"{DateTimeOffset.FromUnixTimeMilliseconds(disbursed).AddDays(20):yyyy-MM-dd}", 10_000, 100));
            }
        }

        var history = rows.ToHistory();
        var set = TrainingSet.Build(history, new DateOnly(2020, 1, 1), new DateOnly(2030, 1, 1), new DateOnly(2030, 1, 1));

        Assert.NotEmpty(set.Examples);
        for (var i = 0; i < set.Examples.Count; i++)
        {
            var e = set.Examples[i];
            var single = FeatureEngine.ComputeAsOf(history, DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeMilliseconds(e.DisbursedAt).UtcDateTime));
            AssertSameRow(single.Row(single.IndexOf(e.MerchantId)), set.Features(i), $"seed {seed}, loan {e.LoanId}");
        }
    }

    private static void AssertSameRow(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, string where)
    {
        for (var f = 0; f < expected.Length; f++)
        {
            // Bitwise: NaN equals NaN, and no rounding slack.
            Assert.True(
                BitConverter.DoubleToInt64Bits(expected[f]) == BitConverter.DoubleToInt64Bits(actual[f]),
                $"{FeatureCatalog.All[f].Name} differs ({expected[f]} vs {actual[f]}) for {where}");
        }
    }

    /// <summary>Deletes or moves every event at or after <paramref name="cut"/>, and adds new ones after it.</summary>
    private static HistoryRows Rewrite(HistoryRows rows, long cut, Random random)
    {
        long? Later(long? t) => t is { } v && v >= cut
            ? (random.Next(3) == 0 ? null : cut + random.NextInt64(400 * Day))
            : t;

        var result = new HistoryRows();
        var registeredBefore = rows.Merchants.Where(m => m.RegisteredAt < cut).Select(m => m.MerchantId).ToHashSet();
        result.Merchants.AddRange(rows.Merchants.Where(m => registeredBefore.Contains(m.MerchantId)));
        foreach (var o in rows.Orders.Where(o => o.CreatedAt < cut && registeredBefore.Contains(o.MerchantId)))
        {
            var refunded = Later(o.RefundedAt);
            result.Orders.Add(o with
            {
                ShippedAt = Later(o.ShippedAt),
                SettledAt = Later(o.SettledAt),
                RefundedAt = refunded,
                RefundAmount = refunded is null ? null : o.RefundAmount is { } r && o.RefundedAt >= cut ? 1 + random.NextInt64(o.Amount) : o.RefundAmount,
                DisputedAt = Later(o.DisputedAt),
            });
        }

        foreach (var merchant in registeredBefore)
        {
            for (var i = 0; i < 5; i++)
            {
                result.Orders.Add(new HistoryRows.OrderRow($"{merchant}-new{i}", merchant, $"b{random.Next(20)}", 1 + random.NextInt64(99_999), cut + random.NextInt64(300 * Day), cut + (301 * Day), null, null, null, null));
            }
        }

        var loans = rows.Loans.Where(l => l.DisbursedAt < cut && registeredBefore.Contains(l.MerchantId)).ToList();
        var kept = loans.Select(l => l.LoanId).ToHashSet();
        result.Loans.AddRange(loans);
        result.Installments.AddRange(rows.Installments.Where(i => kept.Contains(i.LoanId)));
        foreach (var p in rows.Repayments.Where(p => kept.Contains(p.LoanId)))
        {
            if (p.PaidAt < cut)
            {
                result.Repayments.Add(p);
            }
            else if (random.Next(2) == 0)
            {
                result.Repayments.Add(p with { PaidAt = cut + random.NextInt64(200 * Day), Amount = 1 + random.NextInt64(1_000_000) });
            }
        }

        foreach (var l in loans.Take(1))
        {
            result.Repayments.Add(new HistoryRows.RepaymentRow(l.LoanId, cut + 17, 123_456));
        }

        return result;
    }
}
