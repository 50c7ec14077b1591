using System.Globalization;
using System.Threading.RateLimiting;
using Microcredit.Underwriting.Api;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Microcredit.Underwriting.Resilience;

/// <summary>
/// Load shedding for /v1 with ASP.NET Core's rate limiter: one concurrency limiter with a bounded
/// queue (<see cref="OverloadOptions"/>) for the whole API, ahead of authentication so a refusal
/// costs no database work. A refused request gets 503 problem+json with Retry-After. This is the
/// service's capacity, apart from each key's requests-per-minute limit (429, <c>Auth.RateLimit</c>).
/// </summary>
public static class Overload
{
    /// <summary>The rate-limiter policy /v1 requires.</summary>
    public const string Policy = "v1-overload";

    /// <summary>The limiter's partition: one for the whole API.</summary>
    private const string Partition = "v1";

    /// <summary>Registers the limiter, the database-failure handler and the service's database timeouts.</summary>
    public static IServiceCollection AddResilience(this IServiceCollection services)
    {
        services.AddOptions<OverloadOptions>().BindConfiguration(OverloadOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DatabaseTimeoutOptions>().BindConfiguration(DatabaseTimeoutOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddExceptionHandler<DatabaseUnavailable>();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<OverloadOptions>>((limiter, overload) =>
        {
            var settings = overload.Value;
            limiter.RejectionStatusCode = StatusCodes.Status503ServiceUnavailable;
            limiter.OnRejected = (context, _) => RejectAsync(context.HttpContext, settings);
            limiter.AddPolicy(Policy, _ => RateLimitPartition.GetConcurrencyLimiter(Partition, _ => new ConcurrencyLimiterOptions
            {
                PermitLimit = settings.MaxConcurrentRequests,
                QueueLimit = settings.QueueLimit,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            }));
        });
        return services;
    }

    private static async ValueTask RejectAsync(HttpContext http, OverloadOptions settings)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(settings.RetryAfter.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await ApiProblems.Problem(
                StatusCodes.Status503ServiceUnavailable,
                "overloaded",
                "The service is at capacity.",
                $"More requests are in progress than the service takes on ({settings.MaxConcurrentRequests} at once, {settings.QueueLimit} waiting); retry in {seconds} s with the same Idempotency-Key.")
            .ExecuteAsync(http);
    }
}
