using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Microcredit.Jobs.Offers;

/// <summary><c>Jobs:score-and-offers</c>: the early-warning thresholds (docs/jobs.md, "score-and-offers").</summary>
public sealed class ScoreAndOffersOptions
{
    public const string Section = "Jobs:score-and-offers";

    /// <summary>Freeze when 30-day GMV is below this share of the prior 90 days' monthly average.</summary>
    [Range(0.0, 1.0)]
    public decimal MinGmvShare { get; set; } = 0.5m;

    /// <summary>Freeze when the 30-day refund rate exceeds this multiple of the 180-day one.</summary>
    [Range(1.0, 100.0)]
    public decimal RefundMultiple { get; set; } = 2.0m;

    /// <summary>Orders in the last 30 days below which the refund rule does not judge (3 refunds of 5 orders is noise).</summary>
    [Range(1, 1_000_000)]
    public int MinRefundOrders { get; set; } = 10;

    public static ScoreAndOffersOptions From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(Section).Get<ScoreAndOffersOptions>() ?? new ScoreAndOffersOptions();
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        return options;
    }
}
