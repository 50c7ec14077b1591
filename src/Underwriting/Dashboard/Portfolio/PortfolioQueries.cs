using System.Data.Common;
using Dapper;
using Microcredit.Scoring.Storage;
using Microcredit.Underwriting.Decisions;

namespace Microcredit.Underwriting.Dashboard.Portfolio;

// Rows are classes with properties rather than positional records: SQLite reports no column type
// for an expression (a CAST, a sum) when a result has no rows, and Dapper matches a record's
// constructor by exact column types.

/// <summary>One day's automated decisions of one product and outcome (decisions.outcome: approved, declined, review).</summary>
public sealed class DecisionCount
{
    /// <summary>The UTC day as a Unix day number (decided_at ÷ 86,400,000 ms).</summary>
    public long Day { get; init; }

    public string Product { get; init; } = "";

    public string Outcome { get; init; } = "";

    public long Count { get; init; }
}

/// <summary>A group of the loan book on the servicing date: product, bucket and status, with loans and principal outstanding (cents).</summary>
public sealed class BookGroup
{
    public string Product { get; init; } = "";

    public string Bucket { get; init; } = "";

    public string Status { get; init; } = "";

    public long Loans { get; init; }

    public long Principal { get; init; }
}

/// <summary>The open book on one servicing date (portfolio_summary, every product).</summary>
public sealed class BookHistoryPoint
{
    public string AsOf { get; init; } = "";

    public long Loans { get; init; }

    public long Principal { get; init; }
}

/// <summary>The loans of a product disbursed in one month (YYYY-MM) whose first 30+ DPD day fell in another month (YYYY-MM; null: never).</summary>
public sealed class VintageGroup
{
    public string Product { get; init; } = "";

    public string Cohort { get; init; } = "";

    public string? EventMonth { get; init; }

    public long Loans { get; init; }
}

/// <summary>A frozen line: the merchant, when and why, its credit limit and its principal outstanding on the servicing date (cents).</summary>
public sealed class FrozenLine
{
    public string MerchantId { get; init; } = "";

    public long FrozenAt { get; init; }

    public string Reason { get; init; } = "";

    public long CreditLimit { get; init; }

    public string? RiskGrade { get; init; }

    public long Outstanding { get; init; }
}

/// <summary>
/// The portfolio page's reads, each one query, bounded by a date or a LIMIT: decisions by day,
/// and what the nightly servicing job materialized for its latest date (loan_servicing,
/// portfolio_summary), and the frozen offers.
/// </summary>
public static class PortfolioQueries
{
    /// <summary>How many frozen lines the page lists (newest first); the total is counted apart.</summary>
    public const int FrozenLimit = 100;

    /// <summary>Decisions made in [from, to) by UTC day (Unix day number: decided_at ÷ 86,400,000 ms), product and outcome.</summary>
    public static async Task<IReadOnlyList<DecisionCount>> DecisionsAsync(DbConnection connection, DateOnly from, DateOnly to, CancellationToken cancellationToken) =>
        [.. await connection.QueryAsync<DecisionCount>(new CommandDefinition(
            // The outcome list lets both engines range-scan ix_decisions_outcome (outcome, decided_at).
            """
            SELECT decided_at / 86400000 AS Day, product AS Product, outcome AS Outcome, CAST(count(*) AS BIGINT) AS Count
            FROM decisions
            WHERE outcome IN (@approved, @declined, @review) AND decided_at >= @from AND decided_at < @to
            GROUP BY decided_at / 86400000, product, outcome
            """,
            new
            {
                approved = DecisionOutcomes.Approved,
                declined = DecisionOutcomes.Declined,
                review = DecisionOutcomes.Review,
                from = DbTime.StartOf(from),
                to = DbTime.StartOf(to),
            },
            cancellationToken: cancellationToken))];

    /// <summary>The latest date the servicing job ran for, or null before its first run.</summary>
    public static async Task<DateOnly?> BookDateAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.ExecuteScalarAsync<string?>(new CommandDefinition("SELECT max(as_of) FROM loan_servicing", cancellationToken: cancellationToken)) is { } text
            ? DbTime.DateFromDb(text)
            : null;

    /// <summary>The open (current, late) and written-off loans on <paramref name="asOf"/> grouped by product, bucket and status (ix_loan_servicing_status).</summary>
    public static async Task<IReadOnlyList<BookGroup>> BookAsync(DbConnection connection, DateOnly asOf, CancellationToken cancellationToken) =>
        [.. await connection.QueryAsync<BookGroup>(new CommandDefinition(
            """
            SELECT product AS Product, bucket AS Bucket, status AS Status, CAST(count(*) AS BIGINT) AS Loans,
                   CAST(coalesce(sum(principal_outstanding), 0) AS BIGINT) AS Principal
            FROM loan_servicing WHERE as_of = @asOf AND status IN ('current', 'late', 'written_off')
            GROUP BY product, bucket, status
            """,
            new { asOf = DbTime.ToDb(asOf) },
            cancellationToken: cancellationToken))];

    /// <summary>The open book's loans and principal on every servicing date from <paramref name="from"/>, oldest first.</summary>
    public static async Task<IReadOnlyList<BookHistoryPoint>> BookHistoryAsync(DbConnection connection, DateOnly from, CancellationToken cancellationToken) =>
        [.. await connection.QueryAsync<BookHistoryPoint>(new CommandDefinition(
            """
            SELECT as_of AS AsOf, CAST(sum(loans) AS BIGINT) AS Loans, CAST(sum(principal_outstanding) AS BIGINT) AS Principal
            FROM portfolio_summary WHERE as_of >= @from
            GROUP BY as_of ORDER BY as_of
            """,
            new { from = DbTime.ToDb(from) },
            cancellationToken: cancellationToken))];

    /// <summary>
    /// The loans on the servicing date <paramref name="asOf"/> disbursed on or after <paramref name="from"/>,
    /// counted by product, disbursement month and month of their first 30+ DPD day: the vintage
    /// curves' one pass, done by the database (a few hundred groups instead of a row per loan).
    /// </summary>
    public static async Task<IReadOnlyList<VintageGroup>> VintageGroupsAsync(DbConnection connection, DateOnly asOf, DateOnly from, CancellationToken cancellationToken) =>
        [.. await connection.QueryAsync<VintageGroup>(new CommandDefinition(
            """
            SELECT product AS Product, substr(disbursed_on, 1, 7) AS Cohort, substr(first_dpd30_on, 1, 7) AS EventMonth, CAST(count(*) AS BIGINT) AS Loans
            FROM loan_servicing
            WHERE as_of = @asOf AND disbursed_on >= @from
            GROUP BY product, substr(disbursed_on, 1, 7), substr(first_dpd30_on, 1, 7)
            """,
            new { asOf = DbTime.ToDb(asOf), from = DbTime.ToDb(from) },
            cancellationToken: cancellationToken))];

    /// <summary>The frozen lines, newest freeze first (at most <see cref="FrozenLimit"/>), with each merchant's principal outstanding on <paramref name="bookDate"/>.</summary>
    public static async Task<IReadOnlyList<FrozenLine>> FrozenAsync(DbConnection connection, DateOnly? bookDate, CancellationToken cancellationToken) =>
        [.. await connection.QueryAsync<FrozenLine>(new CommandDefinition(
            """
            SELECT o.merchant_id AS MerchantId, o.frozen_at AS FrozenAt, o.frozen_reason AS Reason, o.credit_limit AS CreditLimit,
                   o.risk_grade AS RiskGrade, CAST(coalesce(e.principal, 0) AS BIGINT) AS Outstanding
            FROM offers o
            LEFT JOIN (
                SELECT merchant_id, sum(principal_outstanding) AS principal
                FROM loan_servicing WHERE as_of = @asOf AND status IN ('current', 'late')
                GROUP BY merchant_id
            ) e ON e.merchant_id = o.merchant_id
            WHERE o.frozen_at IS NOT NULL
            ORDER BY o.frozen_at DESC, o.merchant_id
            LIMIT @limit
            """,
            new { asOf = bookDate is { } d ? DbTime.ToDb(d) : "", limit = FrozenLimit },
            cancellationToken: cancellationToken))];

    public static Task<long> FrozenCountAsync(DbConnection connection, CancellationToken cancellationToken) =>
        connection.ExecuteScalarAsync<long>(new CommandDefinition("SELECT count(*) FROM offers WHERE frozen_at IS NOT NULL", cancellationToken: cancellationToken));
}
