using System.ComponentModel.DataAnnotations;

namespace Microcredit.Underwriting.Webhooks;

/// <summary>
/// Configuration section <c>Webhooks</c>: how the delivery worker polls the outbox, how long it
/// waits for a receiver, and the retry schedule (attempt n fails → the next one after
/// FirstRetryDelay × 2^(n−1), at most MaxRetryDelay; after MaxAttempts the delivery is failed).
/// </summary>
public sealed class WebhookOptions
{
    public const string Section = "Webhooks";

    /// <summary>Whether this instance runs the delivery worker (every instance may; claims keep them apart).</summary>
    public bool Enabled { get; set; } = true;

    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one POST may take before it counts as a failed attempt.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a claim holds a delivery: another instance may take it over after this (a worker
    /// that died mid-send), so it must exceed <see cref="Timeout"/>.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:02", "01:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 8;

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan FirstRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Deliveries one poll claims at most.</summary>
    [Range(1, 500)]
    public int BatchSize { get; set; } = 20;

    /// <summary>When the attempt after failed attempt <paramref name="attempts"/> (1-based) is due, from the failure.</summary>
    public TimeSpan RetryDelay(long attempts)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempts, 1);
        var doublings = Math.Min(attempts - 1, 30);
        var delay = FirstRetryDelay * Math.Pow(2, doublings);
        return delay < MaxRetryDelay ? delay : MaxRetryDelay;
    }
}
