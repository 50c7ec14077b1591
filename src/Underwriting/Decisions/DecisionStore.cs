using System.Data.Common;
using Dapper;
using Microcredit.Underwriting.Audit;

namespace Microcredit.Underwriting.Decisions;

/// <summary>Decisions in the database: written once (append-only), read by id, reviewed by adding a row.</summary>
public static class DecisionStore
{
    private const string Columns =
        """
        decision_id AS DecisionId, merchant_id AS MerchantId, product AS Product, outcome AS Outcome,
        requested_amount AS RequestedAmount, term_months AS TermMonths, approved_amount AS ApprovedAmount,
        credit_limit AS CreditLimit, daily_rate AS DailyRate, score AS Score, pd AS Pd, risk_grade AS RiskGrade,
        CAST(counter_offer AS BIGINT) AS CounterOffer, reasons AS Reasons, model_id AS ModelId, settlement_model_id AS SettlementModelId,
        policy_version AS PolicyVersion, feature_as_of AS FeatureAsOf, inputs AS Inputs, response AS Response,
        api_key_id AS ApiKeyId, decided_at AS DecidedAt, expires_at AS ExpiresAt
        """;

    private static readonly string[] InsertParameters =
    [
        "DecisionId", "MerchantId", "Product", "Outcome", "RequestedAmount", "TermMonths", "ApprovedAmount", "CreditLimit", "DailyRate", "Score", "Pd",
        "RiskGrade", "CounterOffer", "Reasons", "ModelId", "SettlementModelId", "PolicyVersion", "FeatureAsOf", "Inputs", "Response", "ApiKeyId",
        "DecidedAt", "ExpiresAt",
    ];

    private const string InsertSql =
        """
        INSERT INTO decisions (decision_id, merchant_id, product, outcome, requested_amount, term_months, approved_amount, credit_limit,
            daily_rate, score, pd, risk_grade, counter_offer, reasons, model_id, settlement_model_id, policy_version, feature_as_of,
            inputs, response, api_key_id, decided_at, expires_at)
        VALUES (@DecisionId, @MerchantId, @Product, @Outcome, @RequestedAmount, @TermMonths, @ApprovedAmount, @CreditLimit,
            @DailyRate, @Score, @Pd, @RiskGrade, @CounterOffer, @Reasons, @ModelId, @SettlementModelId, @PolicyVersion, @FeatureAsOf,
            @Inputs, @Response, @ApiKeyId, @DecidedAt, @ExpiresAt)
        """;

    // The decision and its audit event in one command: one PostgreSQL round trip. Parameter names
    // of the two do not collide (PascalCase here, lower case in AuditLog).
    private static readonly string InsertWithAuditSql = InsertSql + ";\n" + AuditLog.InsertSql;

    private static readonly string[] InsertWithAuditParameters = [.. InsertParameters, .. AuditLog.InsertParameters];

    /// <summary>The insert of a decision without order lines and of its audit event (<see cref="AuditLog.Values"/>), as one statement.</summary>
    public static Api.PostStatement InsertWithAudit(DecisionRecord decision, object?[] audit) =>
        new(InsertWithAuditSql, InsertWithAuditParameters, [.. Values(decision), .. audit]);

    private static object?[] Values(DecisionRecord decision) =>
    [
        decision.DecisionId, decision.MerchantId, decision.Product, decision.Outcome, decision.RequestedAmount, decision.TermMonths, decision.ApprovedAmount,
        decision.CreditLimit, decision.DailyRate, decision.Score, decision.Pd, decision.RiskGrade, decision.CounterOffer, decision.Reasons, decision.ModelId,
        decision.SettlementModelId, decision.PolicyVersion, decision.FeatureAsOf, decision.Inputs, decision.Response, decision.ApiKeyId, decision.DecidedAt,
        decision.ExpiresAt,
    ];

    public static async Task InsertAsync(DbConnection connection, DbTransaction transaction, DecisionRecord decision, IReadOnlyList<DecisionOrderRecord> orders, CancellationToken cancellationToken)
    {
        await Api.PreparedCommands.Get(connection, transaction, InsertSql, InsertParameters, Values(decision)).ExecuteNonQueryAsync(cancellationToken);
        if (orders.Count > 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                """
                INSERT INTO decision_orders (decision_id, order_id, eligible, reason, order_amount, settle_probability, advance_rate, advance_amount)
                VALUES (@DecisionId, @OrderId, @Eligible, @Reason, @OrderAmount, @SettleProbability, @AdvanceRate, @AdvanceAmount)
                """,
                orders,
                transaction,
                cancellationToken: cancellationToken));
        }
    }

    public static Task<DecisionRecord?> FindAsync(DbConnection connection, DbTransaction? transaction, string decisionId, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<DecisionRecord>(new CommandDefinition(
            $"SELECT {Columns} FROM decisions WHERE decision_id = @decisionId", new { decisionId }, transaction, cancellationToken: cancellationToken));

    public static async Task<IReadOnlyList<DecisionOrderRecord>> OrdersAsync(DbConnection connection, DbTransaction? transaction, string decisionId, CancellationToken cancellationToken) =>
        [.. await connection.QueryAsync<DecisionOrderRecord>(new CommandDefinition(
            """
            SELECT decision_id AS DecisionId, order_id AS OrderId, CAST(eligible AS BIGINT) AS Eligible, reason AS Reason, order_amount AS OrderAmount,
                   settle_probability AS SettleProbability, advance_rate AS AdvanceRate, advance_amount AS AdvanceAmount
            FROM decision_orders WHERE decision_id = @decisionId ORDER BY order_id
            """,
            new { decisionId },
            transaction,
            cancellationToken: cancellationToken))];

    public static Task<ReviewRecord?> ReviewAsync(DbConnection connection, DbTransaction? transaction, string decisionId, CancellationToken cancellationToken) =>
        connection.QuerySingleOrDefaultAsync<ReviewRecord>(new CommandDefinition(
            """
            SELECT decision_id AS DecisionId, outcome AS Outcome, approved_amount AS ApprovedAmount, officer AS Officer, note AS Note, reviewed_at AS ReviewedAt,
                   source AS Source, version AS Version
            FROM decision_reviews WHERE decision_id = @decisionId
            """,
            new { decisionId },
            transaction,
            cancellationToken: cancellationToken));
}

/// <summary>
/// The human final word on a decision: an officer's review of a referred decision, or a supervisor's
/// override (<paramref name="Source"/> 'review' or 'override'); <paramref name="Version"/> is the
/// review_actions row it came from.
/// </summary>
public sealed record ReviewRecord(string DecisionId, string Outcome, long ApprovedAmount, string Officer, string Note, long ReviewedAt, string Source, long Version);
