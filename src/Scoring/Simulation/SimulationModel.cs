namespace Microcredit.Scoring.Simulation;

/// <summary>A product category: its share of merchants, log-normal order amount (in CNY), and effects.</summary>
internal sealed record Category(
    string Name,
    double Weight,
    double AmountMedian,
    double AmountSigma,
    double RefundLogit,
    double HealthEffect,
    double RiskEffect)
{
    public byte[] Utf8 { get; } = System.Text.Encoding.UTF8.GetBytes(Name);

    public double AmountMu { get; } = Math.Log(AmountMedian);
}

/// <summary>A region (province): its share of merchants and effects on health and credit risk.</summary>
internal sealed record Region(string Name, double Weight, double HealthEffect, double RiskEffect)
{
    public byte[] Utf8 { get; } = System.Text.Encoding.UTF8.GetBytes(Name);
}

/// <summary>
/// The generative model's parameters in one place; docs/simulator.md explains each. Rates are
/// per day unless named otherwise; logits feed <see cref="Sigmoid"/>.
/// </summary>
internal static class SimulationModel
{
    public static readonly Category[] Categories =
    [
        new("apparel", 0.22, 150, 0.70, -2.45, 0.00, 0.10),
        new("electronics", 0.12, 650, 0.90, -3.00, 0.00, 0.00),
        new("home", 0.14, 220, 0.80, -2.90, 0.05, 0.00),
        new("beauty", 0.12, 130, 0.60, -2.80, 0.00, 0.05),
        new("food", 0.12, 80, 0.50, -3.40, 0.10, -0.10),
        new("toys", 0.08, 120, 0.60, -2.90, 0.00, 0.00),
        new("sports", 0.08, 260, 0.80, -2.90, 0.05, 0.00),
        new("books", 0.06, 60, 0.40, -3.60, 0.10, -0.20),
        new("jewelry", 0.06, 500, 1.00, -2.60, -0.10, 0.20),
    ];

    public static readonly Region[] Regions =
    [
        new("Guangdong", 0.18, 0.10, -0.05),
        new("Zhejiang", 0.15, 0.10, -0.05),
        new("Jiangsu", 0.10, 0.05, 0.00),
        new("Shanghai", 0.07, 0.10, -0.10),
        new("Beijing", 0.05, 0.05, -0.05),
        new("Fujian", 0.07, 0.00, 0.05),
        new("Shandong", 0.06, 0.00, 0.00),
        new("Sichuan", 0.05, -0.05, 0.05),
        new("Hubei", 0.04, -0.05, 0.05),
        new("Henan", 0.04, -0.10, 0.10),
        new("Hunan", 0.03, -0.05, 0.05),
        new("Anhui", 0.03, -0.05, 0.05),
        new("Hebei", 0.03, -0.10, 0.10),
        new("Liaoning", 0.03, -0.15, 0.15),
        new("Shaanxi", 0.02, -0.10, 0.10),
        new("Chongqing", 0.02, -0.05, 0.05),
        new("Yunnan", 0.02, -0.15, 0.15),
        new("Guangxi", 0.01, -0.15, 0.15),
    ];

    // Merchants.
    public const double NewMerchantShare = 0.35;      // register during the window; the rest up to 4 years before it
    public const double PriorYearsMax = 4;
    public const double FraudShare = 0.015;
    public const double KycRate = 0.92;
    public const double FraudKycRate = 0.60;
    public const double SizeLogMedian = -1.58;        // log of the median base orders/day
    public const double SizeLogSigma = 1.25;
    public const double HealthMeanSigma = 0.55;       // spread of merchants' long-run health around category+region
    public const double HealthReversion = 1.0 / 90;   // mean reversion per day
    public const double HealthDailySigma = 0.06;      // random-walk step
    public const double ShockRate = 1.0 / 365;        // shocks per day
    public const double ShockMean = -0.8;
    public const double ShockSigma = 0.5;
    public const double VolumeHealthElasticity = 0.4; // orders/day ∝ exp(0.4 h)
    public const double RampDays = 60;                // new shops grow into their size
    public const double ClosureRate = 1.0 / (4 * 365);
    public const double ClosureHealthSlope = 3 * VolumeHealthElasticity; // closure hazard ∝ exp(-1.2 h), computed as exp(0.4 h)^-3

    // Orders.
    public static readonly double[] Weekday = [0.96, 0.95, 0.96, 0.99, 1.04, 1.06, 1.04]; // Monday..Sunday
    public const double SinglesDayPeak = 2.5;         // extra multiple on 11 Nov, Gaussian with sd 1.5 days
    public const double SinglesDayPresale = 0.25;     // 1–10 Nov
    public const double DecemberPeak = 0.9;           // 12 Dec ("Double 12"), sd 1.5 days
    public const double PeakSigmaDays = 1.5;
    public const double RepeatBuyerShare = 0.30;
    public const int BuyerPool = 64;                  // remembered buyers per merchant
    public const long BuyerSpace = 20_000_000;
    public const double CancelLogit = -4.6;           // cancelled before shipping (refunded unshipped)
    public const double CancelHealthSlope = -0.6;
    public const double RefundHealthSlope = -0.9;
    public const double DisputeLogit = -4.3;
    public const double DisputeHealthSlope = -0.8;
    public const double ShipMinHours = 2;
    public const double ShipMeanHours = 20;           // × (1 + 0.6·max(0, -h))
    public const double ShipMaxHours = 7 * 24;
    public const double SettleMinDays = 3;
    public const double SettleMaxDays = 15;
    public const double FullRefundShare = 0.75;

    // Fraud.
    public const double FraudFakeMultiple = 5;        // fake orders/day = 5 × the organic rate (at least 1/day)
    public const int FraudColludersMin = 3;
    public const int FraudColludersMax = 6;
    public const double FraudFakeRefund = 0.01;
    public const double FraudSurgeRefund = 0.75;       // orders ending in the bust window
    public const double FraudSurgeLeadDays = 15;
    public const double FraudBustDays = 30;

    // Credit loans.
    public const double CreditTakeUp = 1.0 / 20;      // applications/day of an eligible merchant (× exp(-0.4 h))
    public const double CreditTakeUpHealthSlope = -VolumeHealthElasticity; // applied as 1 / e^(0.4 h)
    public const double CreditMinAgeDays = 60;
    public const long CreditMinSales90Cents = 60_000;
    public const double CreditLogit = -3.85;
    public const double CreditHealthSlope = -1.5;
    public const double CreditFraudEffect = 3.5;
    public const double CreditYoungEffect = 0.4;      // merchant younger than a year
    public const double CreditTerm12Effect = 0.35;
    public const double CreditTerm3Effect = -0.25;
    public const double CreditLeverageSlope = 0.3;    // × ln(principal / monthly sales)
    public const double CureShare = 0.35;
    public const double LateDefaultShare = 0.3;       // of p: 12-month loans that stop after the 180-day window

    // Order loans.
    public const double OrderLoanUserShare = 0.20;
    public const double OrderTakeUp = 1.0 / 10;
    public const double OrderAdvance = 0.8;
    public const int OrderLoanTermDays = 30;
    public const long OrderRateMicros = 500;
    public const int OrderLoanMaxPledged = 40;
    public const long OrderLoanMinPledgedCents = 20_000;
    public const double OrderUncoveredLogit = -2.2;
    public const double OrderUncoveredHealthSlope = -1.0;
    public const double OrderUncoveredFraudEffect = 3.0;

    public static double Sigmoid(double x) => 1.0 / (1.0 + Math.Exp(-x));

    /// <summary>The seasonal multiple of a day: Singles' Day (11 Nov) and Double 12 peaks.</summary>
    public static double Season(int month, int day)
    {
        var m = 1.0;
        if (month == 11)
        {
            var x = (day - 11) / PeakSigmaDays;
            m += SinglesDayPeak * Math.Exp(-0.5 * x * x);
            if (day <= 10)
            {
                m += SinglesDayPresale;
            }
        }
        else if (month == 12)
        {
            var x = (day - 12) / PeakSigmaDays;
            m += DecemberPeak * Math.Exp(-0.5 * x * x);
        }

        return m;
    }

    public static T Pick<T>(T[] items, Func<T, double> weight, double u)
    {
        var total = 0.0;
        foreach (var item in items)
        {
            total += weight(item);
        }

        var target = u * total;
        foreach (var item in items)
        {
            target -= weight(item);
            if (target < 0)
            {
                return item;
            }
        }

        return items[^1];
    }
}
