using System.Data.Common;
using Dapper;

namespace Microcredit.Scoring.Settlement;

public sealed partial class MerchantOrders
{
    // One query: the merchant row joined to its orders through ix_orders_merchant (merchant_id, created_at).
    private const string LoadSql = """
        SELECT m.registered_at AS RegisteredAt, m.category AS Category, m.kyc_verified AS KycVerified,
               o.order_id AS OrderId, o.buyer_id AS BuyerId, o.amount AS Amount, o.created_at AS CreatedAt,
               o.shipped_at AS ShippedAt, o.settled_at AS SettledAt, o.refunded_at AS RefundedAt, o.disputed_at AS DisputedAt
        FROM merchants m
        LEFT JOIN orders o ON o.merchant_id = m.merchant_id
        WHERE m.merchant_id = @MerchantId
        """;

    /// <summary>Loads a merchant and all its orders in one query; null when there is no such merchant.</summary>
    public static Task<MerchantOrders?> LoadAsync(DbConnection connection, string merchantId, CancellationToken cancellationToken) =>
        LoadAsync(connection, null, merchantId, cancellationToken);

    /// <summary>As <see cref="LoadAsync(DbConnection, string, CancellationToken)"/>, inside <paramref name="transaction"/>.</summary>
    public static async Task<MerchantOrders?> LoadAsync(DbConnection connection, DbTransaction? transaction, string merchantId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(merchantId);
        var rows = (await connection.QueryAsync<Row>(new CommandDefinition(LoadSql, new { MerchantId = merchantId }, transaction, cancellationToken: cancellationToken))).AsList();
        if (rows.Count == 0)
        {
            return null;
        }

        var first = rows[0];
        var merchant = new MerchantProfile(merchantId, first.RegisteredAt, first.Category, first.KycVerified != 0);
        var orders = first.OrderId is null
            ? []
            : rows.Select(r => new OrderRecord(r.OrderId!, r.BuyerId!, r.Amount!.Value, r.CreatedAt!.Value, r.ShippedAt, r.SettledAt, r.RefundedAt, r.DisputedAt));
        return Create(merchant, orders);
    }

#pragma warning disable CA1812 // Instantiated by Dapper.
    private sealed class Row
    {
        public long RegisteredAt { get; set; }

        public string Category { get; set; } = "";

        public long KycVerified { get; set; }

        public string? OrderId { get; set; }

        public string? BuyerId { get; set; }

        public long? Amount { get; set; }

        public long? CreatedAt { get; set; }

        public long? ShippedAt { get; set; }

        public long? SettledAt { get; set; }

        public long? RefundedAt { get; set; }

        public long? DisputedAt { get; set; }
    }
#pragma warning restore CA1812
}
