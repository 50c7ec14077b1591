using System.Globalization;
using System.Security.Claims;

namespace Microcredit.Underwriting.Auth;

/// <summary>The authenticated merchant app: its key id and rate limit.</summary>
public sealed record ApiCaller(string KeyId, int RequestsPerMinute)
{
    public static ApiCaller From(ClaimsPrincipal user) => new(
        user.FindFirstValue(ApiKeyAuthentication.KeyIdClaim) ?? throw new InvalidOperationException("The request was not authenticated with an API key."),
        int.Parse(user.FindFirstValue(ApiKeyAuthentication.RateClaim) ?? "0", CultureInfo.InvariantCulture));
}
