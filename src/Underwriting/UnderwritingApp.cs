using Microcredit.Scoring.Storage;
using Microcredit.Underwriting.Api;
using Microcredit.Underwriting.Auth;
using Microcredit.Underwriting.Dashboard;
using Microcredit.Underwriting.Decisions;
using Microcredit.Underwriting.Loans;
using Microcredit.Underwriting.Resilience;
using Microcredit.Underwriting.Reviewing;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microcredit.Underwriting;

/// <summary>
/// The underwriting service's composition: what it needs (database, clock, policy, models) and
/// what it serves. Used by its own Program and by <c>credit run</c>, which hosts it with the jobs.
/// </summary>
public static class UnderwritingApp
{
    /// <summary>Configuration key of the database setting (falls back to MICROCREDIT_DATABASE).</summary>
    public const string DatabaseKey = "Database";

    /// <summary>Configuration key pinning the platform's "today" (YYYY-MM-DD); absent, the system clock.</summary>
    public const string ClockKey = "Clock:Today";

    public static WebApplicationBuilder AddUnderwriting(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.TryAddSingleton(PinnedClock.FromSetting(builder.Configuration[ClockKey]));
        services.AddSingleton(sp => Database.FromSetting(builder.Configuration[DatabaseKey], sp.GetRequiredService<IOptions<DatabaseTimeoutOptions>>().Value.ToTimeouts()));
        services.AddResilience();
        services.AddSingleton<WriteGate>();
        services.AddSingleton<HotConnections>();
        services.AddSingleton<ApiPost>();
        services.AddSingleton<RateLimit>();
        services.AddSingleton<RunningPolicy>();
        services.AddSingleton<ChampionModels>();
        services.AddSingleton<Underwriter>();
        services.AddHostedService<StartupMigration>();
        services.AddProblemDetails();
        services.AddOpenApi("v1");
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = ApiJson.Options.PropertyNamingPolicy;
            options.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(System.Text.Json.JsonNamingPolicy.CamelCase));
        });
        services.AddAuthentication(ApiKeyAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(MerchantApps, policy => policy.AddAuthenticationSchemes(ApiKeyAuthentication.SchemeName).RequireAuthenticatedUser());
        builder.AddDashboard();
        services.AddReviewWorkflow();
        return builder;
    }

    /// <summary>The authorization policy of /v1: an active API key.</summary>
    public const string MerchantApps = "merchant-apps";

    public static WebApplication MapUnderwriting(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapGet("/health", () => Results.Ok(new { status = "ok" })).ExcludeFromDescription();

        var v1 = app.MapGroup("/v1")
            .RequireAuthorization(MerchantApps)
            .RequireRateLimiting(Overload.Policy)
            .AddEndpointFilter<RateLimit>()
            .WithMetadata(new RateLimit.Counted())
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        foreach (var map in Endpoints)
        {
            map(v1);
        }

        app.MapDashboard();

        return app;
    }

    /// <summary>The /v1 endpoint groups, each a feature folder's <c>MapXxxApi</c>.</summary>
    private static readonly Action<RouteGroupBuilder>[] Endpoints =
    [
        CreditDecisionsApi.MapCreditDecisionsApi,
        OrderDecisionsApi.MapOrderDecisionsApi,
        DecisionsApi.MapDecisionsApi,
        Offers.OffersApi.MapOffersApi,
        LoansApi.MapLoansApi,
    ];
}
