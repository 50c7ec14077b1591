using System.Data.Common;

namespace Microcredit.Scoring.Loans;

/// <summary>A merchant's credit exposure: principal still owed and the worst current days past due, over all its loans.</summary>
public readonly record struct MerchantExposure(Money.Money OutstandingPrincipal, int MaxDaysPastDue);

/// <summary>
/// Exposure over every loan, imported and platform, as of an instant: loans disbursed before it,
/// payments made before it, each loan applied by the rules of its origin (<see cref="ServicingRules"/>).
/// </summary>
public static class LoanExposure
{
    /// <summary>One merchant's exposure; zero when it has no loans.</summary>
    public static async Task<MerchantExposure> ForMerchantAsync(DbConnection connection, DbTransaction? transaction, string merchantId, DateTimeOffset asOf, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(merchantId);
        var loans = await StoredLoan.LoadManyAsync(connection, transaction, merchantId, asOf, cancellationToken);
        return Sum(loans, asOf).GetValueOrDefault(merchantId);
    }

    /// <summary>The reads of one merchant's exposure (parameters @merchantId and @asOf, milliseconds), to run in a batch of the caller's.</summary>
    public static string MerchantReadsSql => StoredLoan.MerchantReadsSql;

    /// <summary>One merchant's exposure from the results of <see cref="MerchantReadsSql"/>, the reader on the first of them; leaves it on the last.</summary>
    public static async Task<MerchantExposure> ReadMerchantAsync(DbDataReader reader, string merchantId, DateTimeOffset asOf, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var loans = await StoredLoan.ReadManyAsync(reader, cancellationToken);
        return Sum(loans, asOf).GetValueOrDefault(merchantId);
    }

    /// <summary>Exposure of every merchant with a loan disbursed before <paramref name="asOf"/>; merchants absent have none.</summary>
    public static async Task<IReadOnlyDictionary<string, MerchantExposure>> AllAsync(DbConnection connection, DbTransaction? transaction, DateTimeOffset asOf, CancellationToken cancellationToken = default)
    {
        var loans = await StoredLoan.LoadManyAsync(connection, transaction, null, asOf, cancellationToken);
        return Sum(loans, asOf);
    }

    private static Dictionary<string, MerchantExposure> Sum(List<StoredLoan> loans, DateTimeOffset asOf)
    {
        var result = new Dictionary<string, MerchantExposure>(StringComparer.Ordinal);
        foreach (var loan in loans)
        {
            var position = loan.PositionAsOf(asOf);
            var before = result.GetValueOrDefault(loan.MerchantId);
            result[loan.MerchantId] = new MerchantExposure(
                before.OutstandingPrincipal + position.PrincipalOutstanding,
                Math.Max(before.MaxDaysPastDue, position.DaysPastDue));
        }

        return result;
    }
}
