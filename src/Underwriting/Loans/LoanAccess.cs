using System.Data.Common;
using Dapper;
using Microcredit.Scoring.Loans;
using Microcredit.Underwriting.Api;
using Microcredit.Underwriting.Auth;

namespace Microcredit.Underwriting.Loans;

/// <summary>
/// Who may see or pay a loan: the loans endpoints serve platform loans (drawn down through this
/// API) of merchants the key may act for. An imported loan is 404 here: it is serviced by its
/// imports (no penalty, no payoff closing), so a statement or payoff from these rules would mislead.
/// </summary>
public static class LoanAccess
{
    /// <summary>The problem refusing <paramref name="caller"/> the loan (404 unknown or not a platform loan, 403 another merchant's), or null.</summary>
    public static async Task<IResult?> ProblemAsync(DbConnection connection, ApiCaller caller, string loanId, CancellationToken cancellationToken)
    {
        var loan = await connection.QuerySingleOrDefaultAsync<LoanOwner>(new CommandDefinition(
            "SELECT merchant_id AS MerchantId, origin AS Origin FROM loans WHERE loan_id = @loanId",
            new { loanId },
            cancellationToken: cancellationToken));
        return await ProblemAsync(connection, caller, loanId, loan?.MerchantId, loan?.Origin, cancellationToken);
    }

    /// <summary>As <see cref="ProblemAsync(DbConnection, ApiCaller, string, CancellationToken)"/>, for a loan already read (null when there is none).</summary>
    public static async Task<IResult?> ProblemAsync(DbConnection connection, ApiCaller caller, string loanId, string? merchantId, string? origin, CancellationToken cancellationToken)
    {
        if (merchantId is null || origin != LoanOrigin.Platform)
        {
            return NotFound(loanId);
        }

        return await ApiKeys.MayActForAsync(connection, caller.KeyId, merchantId, cancellationToken)
            ? null
            : ApiProblems.Forbidden("loanId", $"This API key may not act for merchant '{merchantId}'.");
    }

    public static IResult NotFound(string loanId) => ApiProblems.NotFound("loanId", $"No platform loan '{loanId}'.");

    private sealed record LoanOwner(string MerchantId, string Origin);
}
