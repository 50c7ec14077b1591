using System.Data.Common;
using Dapper;
using Microcredit.Scoring.Money;
using Microcredit.Scoring.Registry;
using Microcredit.Scoring.Settlement;
using Microcredit.Scoring.Storage;
using Microcredit.Underwriting.Policy;

namespace Microcredit.Underwriting.Offers;

/// <summary>
/// Refreshes <c>order_advance_rates</c>: the advance each pending order of each merchant with open
/// order loans would get now (grade rate × P(settle), the policy's rounding), so apps and officers
/// can show it before anyone asks. Runs inside the offers refresh's transaction, after the offers.
/// </summary>
public static class OrderRates
{
    /// <summary>Replaces every row; returns how many orders got a rate. No settlement champion: the table is emptied.</summary>
    public static async Task<int> ReplaceAllAsync(DbConnection connection, DbTransaction transaction, CreditPolicy policy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition("DELETE FROM order_advance_rates", transaction: transaction, cancellationToken: cancellationToken));
        var championId = await connection.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT model_id FROM model_champions WHERE kind = @kind", new { kind = ModelRegistry.SettlementKind }, transaction, cancellationToken: cancellationToken));
        if (championId is null)
        {
            return 0;
        }

        var artifact = await connection.ExecuteScalarAsync<string>(new CommandDefinition(
            "SELECT artifact FROM models WHERE model_id = @championId", new { championId }, transaction, cancellationToken: cancellationToken));
        var model = new SettlementModel(Scoring.Models.Artifacts.ArtifactJson.Parse(artifact!, championId));
        var open = (await connection.QueryAsync<(string MerchantId, string RiskGrade)>(new CommandDefinition(
            "SELECT merchant_id, risk_grade FROM offers WHERE order_advance_rate > 0 AND risk_grade IS NOT NULL ORDER BY merchant_id",
            transaction: transaction,
            cancellationToken: cancellationToken))).ToList();
        var pledged = (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT order_id FROM loan_pledges", transaction: transaction, cancellationToken: cancellationToken))).ToHashSet(StringComparer.Ordinal);
        var at = DbTime.ToDb(now);
        var window = (long)TimeSpan.FromDays(policy.OrderLoans.MaxShipAgeDays).TotalMilliseconds;
        var rows = new List<object>();
        foreach (var (merchantId, gradeName) in open)
        {
            var grade = policy.Grades.FirstOrDefault(g => g.Grade == gradeName);
            var orders = grade is null ? null : await MerchantOrders.LoadAsync(connection, transaction, merchantId, cancellationToken);
            if (orders is null)
            {
                continue;
            }

            for (var i = 0; i < orders.Count; i++)
            {
                var order = orders[i];
                if (!order.IsPendingAt(at) || at - order.ShippedAt!.Value > window || pledged.Contains(order.OrderId))
                {
                    continue;
                }

                var probability = model.ProbabilityOfSettling(orders, i, now);
                var rate = policy.OrderAdvanceRate(grade!, probability);
                if (!rate.Eligible)
                {
                    continue;
                }

                var amount = Money.FromMinor(order.AmountCents);
                rows.Add(new
                {
                    order.OrderId,
                    MerchantId = merchantId,
                    ComputedAt = at,
                    ModelId = championId,
                    OrderAmount = order.AmountCents,
                    SettleProbability = probability,
                    AdvanceRate = Rate.ToMicros(rate.Rate),
                    AdvanceAmount = CreditPolicy.OrderAdvance(amount, rate.Rate).ToMinor(),
                });
            }
        }

        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO order_advance_rates (order_id, merchant_id, computed_at, model_id, order_amount, settle_probability, advance_rate, advance_amount)
            VALUES (@OrderId, @MerchantId, @ComputedAt, @ModelId, @OrderAmount, @SettleProbability, @AdvanceRate, @AdvanceAmount)
            """,
            rows,
            transaction,
            cancellationToken: cancellationToken));
        return rows.Count;
    }
}
