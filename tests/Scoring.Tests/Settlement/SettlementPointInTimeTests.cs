using Microcredit.Scoring.Settlement;
using Microcredit.Scoring.Tests.Features;

namespace Microcredit.Scoring.Tests.Settlement;

/// <summary>
/// Order features at t depend only on events before t: on seeded random histories, deleting or
/// moving every event at or after t, and adding orders after t, leaves every pending order's
/// features bit for bit the same.
/// </summary>
public class SettlementPointInTimeTests
{
    private const long Day = 86_400_000;

    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 40)];

    [Theory, MemberData(nameof(Seeds))]
    public void Features_DoNotChange_WhenEventsAtOrAfterTAreDeletedOrAltered(int seed)
    {
        var rows = RandomHistory.Create(seed, merchants: 4, maxOrders: 200);
        var random = new Random(seed * 31);
        var compared = 0;
        foreach (var merchant in rows.Merchants)
        {
            var profile = new MerchantProfile(merchant.MerchantId, merchant.RegisteredAt, "books", seed % 2 == 0);
            var records = TinyOrders.Records(rows, merchant.MerchantId).ToList();
            // A random instant, and one just after a random order shipped (so something is pending).
            var shippedNow = records.Where(o => o.IsPendingAt(o.ShippedAt.GetValueOrDefault() + 1)).ToList();
            var instants = new List<long> { RandomHistory.Start.ToUnixTimeMilliseconds() + (100 * Day) + random.NextInt64(800 * Day) };
            if (shippedNow.Count > 0)
            {
                instants.Add(shippedNow[random.Next(shippedNow.Count)].ShippedAt!.Value + 1);
            }

            foreach (var at in instants)
            {
                compared += Compare(profile, records, at, random, seed);
            }
        }

        Assert.True(compared > 0, $"seed {seed}: no pending order to compare");
    }

    private static int Compare(MerchantProfile profile, List<OrderRecord> records, long at, Random random, int seed)
    {
        var compared = 0;
        var before = MerchantOrders.Create(profile, records);
        var after = MerchantOrders.Create(profile, Rewrite(records, at, random));
        for (var i = 0; i < before.Count; i++)
        {
            if (!before[i].IsPendingAt(at))
            {
                continue;
            }

            var id = before[i].OrderId;
            var j = after.IndexOf(id);
            Assert.True(after[j].IsPendingAt(at), $"{id} no longer pending");
            var expected = new double[SettlementCatalog.Count];
            var actual = new double[SettlementCatalog.Count];
            before.ComputeFeatures(i, at, expected);
            after.ComputeFeatures(j, at, actual);
            for (var f = 0; f < expected.Length; f++)
            {
                Assert.True(
                    BitConverter.DoubleToInt64Bits(expected[f]) == BitConverter.DoubleToInt64Bits(actual[f]),
                    $"{SettlementCatalog.All[f].Name} differs ({expected[f]} vs {actual[f]}) for seed {seed}, order {id}");
            }

            compared++;
        }

        return compared;
    }

    /// <summary>Orders created before <paramref name="at"/> keep their earlier events; later events move or vanish; new orders come after it.</summary>
    private static List<OrderRecord> Rewrite(List<OrderRecord> orders, long at, Random random)
    {
        long? Later(long? t) => t is { } v && v >= at
            ? (random.Next(3) == 0 ? null : at + random.NextInt64(400 * Day))
            : t;

        var result = orders.Where(o => o.CreatedAt < at).Select(o => o with
        {
            ShippedAt = Later(o.ShippedAt),
            SettledAt = Later(o.SettledAt),
            RefundedAt = Later(o.RefundedAt),
            DisputedAt = Later(o.DisputedAt),
        }).ToList();
        for (var i = 0; i < 8; i++)
        {
            var created = at + random.NextInt64(30 * Day);
            result.Add(new OrderRecord($"new{i}", $"b{random.Next(12)}", 1 + random.NextInt64(99_999), created, created + 1, created + Day, null, random.Next(2) == 0 ? created + 2 : null));
        }

        return result;
    }
}
