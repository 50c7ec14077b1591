using System.ComponentModel.DataAnnotations;

namespace Microcredit.Underwriting.Resilience;

/// <summary>
/// How much work /v1 takes on at once (configuration <c>Overload:…</c>): requests beyond
/// <see cref="MaxConcurrentRequests"/> wait in a queue of <see cref="QueueLimit"/>, oldest first;
/// beyond that they are answered 503 at once. A bounded queue bounds the latency of the requests
/// taken on: without it, a rate above capacity queues without end and every request times out.
/// </summary>
public sealed class OverloadOptions
{
    public const string Section = "Overload";

    [Range(1, 100_000)]
    public int MaxConcurrentRequests { get; set; } = 32;

    [Range(0, 100_000)]
    public int QueueLimit { get; set; } = 64;

    /// <summary>What the 503's Retry-After asks for (whole seconds).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(1);
}
