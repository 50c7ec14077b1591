using Microcredit.Underwriting.Dashboard.Reviews;
using Microcredit.Underwriting.Webhooks;

namespace Microcredit.Underwriting.Reviewing;

/// <summary>What the review workflow adds to the service: the webhook outbox's sender and worker, and the case page's percentile cache.</summary>
public static class ReviewSetup
{
    public static IServiceCollection AddReviewWorkflow(this IServiceCollection services)
    {
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.Lease > o.Timeout, "Webhooks:Lease must be longer than Webhooks:Timeout.").ValidateOnStart();
        services.AddSingleton<CallbackSecrets>();
        // Redirects are not followed: a callback answers where it was registered, or the attempt fails.
        services.AddHttpClient(WebhookSender.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        services.AddSingleton<WebhookSender>();
        services.AddHostedService<WebhookWorker>();
        services.AddSingleton<FeaturePercentiles>();
        return services;
    }
}
