using System.Security.Claims;
using System.Text.Encodings.Web;
using Microcredit.Scoring.Storage;
using Microcredit.Underwriting.Api;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Microcredit.Underwriting.Auth;

/// <summary>
/// Authenticates merchant apps by the <c>X-Api-Key</c> header against the hashed keys in the
/// database (so a revoke takes effect on every instance at once). Failures answer with
/// problem+json, never a bare status.
/// </summary>
public sealed class ApiKeyAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, Database database, TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    public const string Header = "X-Api-Key";

    public const string KeyIdClaim = "key_id";

    public const string RateClaim = "requests_per_minute";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var values) || values.Count != 1 || string.IsNullOrWhiteSpace(values[0]))
        {
            return AuthenticateResult.NoResult();
        }

        var connection = await RequestConnection.GetAsync(Context);
        var presented = values[0]!.Trim();
        var key = database.Engine == DatabaseEngine.Postgres && Context.GetEndpoint()?.Metadata.GetMetadata<RateLimit.Counted>() is not null
            ? await OneTripKeyCheck.VerifyAsync(Context, connection, presented, DbTime.ToDb(time.GetUtcNow()), Context.RequestAborted)
            : await ApiKeys.VerifyAsync(connection, presented, Context.RequestAborted);
        if (key is null)
        {
            return AuthenticateResult.Fail("Unknown or revoked API key.");
        }

        var identity = new ClaimsIdentity(
            [new Claim(KeyIdClaim, key.KeyId), new Claim(RateClaim, key.RequestsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        ApiProblems.Unauthorized(Request.Headers.ContainsKey(Header)
            ? "The X-Api-Key header does not hold an active key."
            : "Send your API key in the X-Api-Key header.").ExecuteAsync(Context);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblems.Forbidden(Header, "This API key may not use this endpoint.").ExecuteAsync(Context);
}
