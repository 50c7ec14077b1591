using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Microcredit.Jobs.Scheduling;

/// <summary>
/// <c>Jobs:Retry</c>: how often a failed job is tried in all, and the wait before the second
/// attempt; each later wait doubles (1, 2, 4 … minutes by default).
/// </summary>
public sealed class RetryOptions
{
    public const string Section = "Jobs:Retry";

    [Range(1, 20)]
    public int Attempts { get; set; } = 3;

    public TimeSpan Backoff { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The wait after failed attempt <paramref name="attempt"/> (1-based): Backoff × 2^(attempt−1).</summary>
    public TimeSpan DelayAfter(int attempt) => Backoff * Math.Pow(2, attempt - 1);

    public static RetryOptions From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(Section).Get<RetryOptions>() ?? new RetryOptions();
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        if (options.Backoff < TimeSpan.Zero)
        {
            throw new ValidationException($"{Section}:Backoff must not be negative.");
        }

        return options;
    }
}
