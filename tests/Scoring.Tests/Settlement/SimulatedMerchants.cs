using Microcredit.Scoring.Settlement;
using Microcredit.Scoring.Simulation;
using Microcredit.Scoring.Tests.Simulation;

namespace Microcredit.Scoring.Tests.Settlement;

/// <summary>
/// A small simulated marketplace (600 merchants, 18 months ending 2026-10-31, seed 11) read back
/// into <see cref="MerchantOrders"/>, shared by the settlement model tests.
/// </summary>
public sealed class SimulatedMerchants : IAsyncLifetime
{
    public static readonly DateOnly AsOf = new(2026, 11, 1);

    public IReadOnlyList<MerchantOrders> Merchants { get; private set; } = [];

    public async Task InitializeAsync()
    {
        var data = await SimulatedData.GenerateAsync(new SimulationOptions { Merchants = 600, Months = 18, End = new DateOnly(2026, 10, 31), Seed = 11 });
        try
        {
            var m = data.Merchants;
            var profiles = m.Rows.ToDictionary(
                r => r[m["merchant_id"]],
                r => new MerchantProfile(r[m["merchant_id"]], Ms(r[m["registered_at"]]), r[m["category"]], r[m["kyc_verified"]] == "true"),
                StringComparer.Ordinal);
            var o = data.Orders;
            Merchants = [.. o.Rows
                .Select(r => (Merchant: r[o["merchant_id"]], Order: new OrderRecord(
                    r[o["order_id"]], r[o["buyer_id"]], (long)(SimulatedData.Money(r[o["amount"]]) * 100), Ms(r[o["created_at"]]),
                    Opt(r[o["shipped_at"]]), Opt(r[o["settled_at"]]), Opt(r[o["refunded_at"]]), Opt(r[o["disputed_at"]]))))
                .GroupBy(x => x.Merchant, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => MerchantOrders.Create(profiles[g.Key], g.Select(x => x.Order)))];
        }
        finally
        {
            Directory.Delete(data.Directory, recursive: true);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static long Ms(string text) => SimulatedData.Timestamp(text).ToUnixTimeMilliseconds();

    private static long? Opt(string text) => text.Length == 0 ? null : Ms(text);
}
