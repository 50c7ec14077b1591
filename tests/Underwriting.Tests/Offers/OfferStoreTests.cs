using Dapper;
using Microcredit.Scoring.Money;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;
using Microcredit.Underwriting.Offers;
using Microcredit.Underwriting.Policy;

namespace Microcredit.Underwriting.Tests.Offers;

public class OfferStoreTests
{
    private static readonly DateTimeOffset Computed = new(2026, 11, 2, 3, 0, 0, 123, TimeSpan.Zero);

    private static Offer Approved(string merchantId, decimal limit = 9_500m) => new(
        merchantId,
        new DateOnly(2026, 11, 1),
        "model-1",
        "2026-12.1",
        612.25,
        0.0123456789,
        "A",
        PolicyAction.Approve,
        new Money(limit),
        0.0004m,
        0.8583m,
        [new DecisionReason("REFUND_RATE_90D", "Share of recent orders that were refunded — \"quoted\", ünïcode.", 12.5)],
        Computed,
        Computed.AddDays(7));

    private static Offer NoData(string merchantId) => new(
        merchantId, null, "model-1", "2026-12.1", null, null, null, PolicyAction.Decline, Money.Zero, 0m, 0m,
        [new DecisionReason("NO_RECENT_DATA", "No feature snapshot has been built.", 0)], Computed, Computed.AddDays(7));

    private static async Task ReplaceAsync(TestDatabase test, params Offer[] offers)
    {
        await using var connection = await test.Database.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await OfferStore.ReplaceAllAsync(connection, transaction, offers);
        await transaction.CommitAsync();
    }

    private static async Task<Offer?> GetAsync(TestDatabase test, string merchantId)
    {
        await using var connection = await test.Database.OpenAsync();
        return await OfferStore.GetAsync(connection, merchantId);
    }

    private static void AssertSame(Offer expected, Offer? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected with { Reasons = [] }, actual with { Reasons = [] });
        Assert.Equal(expected.Reasons, actual.Reasons);
    }

    [Theory, Engines]
    public async Task ReplaceAll_ThenGet_RoundTripsEveryField(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);

        await ReplaceAsync(test, Approved("m1"), NoData("m2"));

        AssertSame(Approved("m1"), await GetAsync(test, "m1"));
        AssertSame(NoData("m2"), await GetAsync(test, "m2"));
        Assert.Null(await GetAsync(test, "m3"));
    }

    [Theory, Engines]
    public async Task ReplaceAll_StoresStorageUnits(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);

        await ReplaceAsync(test, Approved("m1"));

        await using var connection = await test.Database.OpenAsync();
        var row = await connection.QuerySingleAsync<(string AsOf, long Limit, long Rate, long Advance, string Action, long Computed, string Reasons)>(
            "SELECT as_of, credit_limit, daily_rate, order_advance_rate, action, computed_at, reasons FROM offers");
        Assert.Equal(("2026-11-01", 950_000L, 400L, 858_300L, "approve", Computed.ToUnixTimeMilliseconds()), (row.AsOf, row.Limit, row.Rate, row.Advance, row.Action, row.Computed));
        Assert.StartsWith("[{\"code\":\"REFUND_RATE_90D\",\"text\":", row.Reasons, StringComparison.Ordinal);
    }

    [Theory, Engines]
    public async Task ReplaceAll_ReplacesEveryRow(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        await ReplaceAsync(test, Approved("m1"), Approved("m2"));

        await ReplaceAsync(test, Approved("m2", 1_200m), NoData("m3"));

        Assert.Null(await GetAsync(test, "m1"));
        Assert.Equal(new Money(1_200m), (await GetAsync(test, "m2"))!.CreditLimit);
        AssertSame(NoData("m3"), await GetAsync(test, "m3"));
    }

    [Theory, Engines]
    public async Task ReplaceAll_SameOffersTwice_LeavesTheSameRows(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        await ReplaceAsync(test, Approved("m1"), NoData("m2"));
        var before = await DumpAsync(test);

        await ReplaceAsync(test, Approved("m1"), NoData("m2"));

        Assert.Equal(before, await DumpAsync(test));
        Assert.Equal(2, before.Count);
    }

    [Theory, Engines]
    public async Task ReplaceAll_RolledBack_LeavesTheOldOffers(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        await ReplaceAsync(test, Approved("m1"));

        await using (var connection = await test.Database.OpenAsync())
        {
            await using var transaction = await connection.BeginTransactionAsync();
            await OfferStore.ReplaceAllAsync(connection, transaction, [NoData("m2")]);
            await transaction.RollbackAsync();
        }

        AssertSame(Approved("m1"), await GetAsync(test, "m1"));
        Assert.Null(await GetAsync(test, "m2"));
    }

    [Theory, Engines]
    public async Task Freeze_SurvivesARefreshUntilLifted(DatabaseEngine engine)
    {
        await using var test = await TestDatabase.CreateAsync(engine);
        await ReplaceAsync(test, Approved("m1"), Approved("m2"));
        var frozenAt = new DateTimeOffset(2026, 11, 2, 12, 30, 0, TimeSpan.Zero);
        await using (var connection = await test.Database.OpenAsync())
        {
            Assert.True(await OfferStore.FreezeAsync(connection, null, "m1", "REFUND_SURGE", frozenAt));
            Assert.False(await OfferStore.FreezeAsync(connection, null, "m1", "OTHER", frozenAt.AddHours(1)));
            Assert.False(await OfferStore.FreezeAsync(connection, null, "nobody", "OTHER", frozenAt));
        }

        await ReplaceAsync(test, Approved("m1", 5_000m), Approved("m2"));

        var m1 = await GetAsync(test, "m1");
        Assert.Equal(new Money(5_000m), m1!.CreditLimit);
        Assert.Equal(frozenAt, m1.FrozenAt);
        Assert.Equal("REFUND_SURGE", m1.FrozenReason);
        Assert.Null((await GetAsync(test, "m2"))!.FrozenAt);

        await using (var connection = await test.Database.OpenAsync())
        {
            Assert.True(await OfferStore.UnfreezeAsync(connection, null, "m1"));
            Assert.False(await OfferStore.UnfreezeAsync(connection, null, "m1"));
        }

        var lifted = await GetAsync(test, "m1");
        Assert.Null(lifted!.FrozenAt);
        Assert.Null(lifted.FrozenReason);
    }

    private static async Task<List<string>> DumpAsync(TestDatabase test)
    {
        await using var connection = await test.Database.OpenAsync();
        var rows = await connection.QueryAsync<(string, long, long, string, long, long)>(
            "SELECT merchant_id, credit_limit, daily_rate, reasons, computed_at, valid_until FROM offers ORDER BY merchant_id");
        return [.. rows.Select(r => r.ToString())];
    }
}
