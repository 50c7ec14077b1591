using static Microcredit.Scoring.Simulation.SimulationModel;

namespace Microcredit.Scoring.Simulation;

/// <summary>
/// Simulates one merchant at a time, day by day: latent health, orders, loans and repayments,
/// formatted straight into the chunk's buffers. Each merchant draws from its own stream
/// (seed, merchant index), so a merchant's rows never depend on which thread made them.
/// One instance per worker thread; its scratch arrays are reused across merchants.
/// </summary>
internal sealed partial class MerchantGenerator
{
    private const long Day = 86_400;

    private readonly ulong seed;
    private readonly long startDay;
    private readonly long cutoffDay;
    private readonly long cutoffSec;
    private readonly int idWidth;

    // Per-merchant state (reset by Generate).
    private Xoshiro256 rng;
    private ChunkOutput output = null!;
    private int index;
    private Category category = null!;
    private Region region = null!;
    private long regSec;
    private long regDay;
    private bool kyc;
    private bool fraud;
    private long fraudStartDay;
    private long bustDay;
    private double size;
    private double healthMean;
    private double health;
    private bool orderLoanUser;
    private long orderSeq;
    private int loanSeq;
    private long creditBusyUntilDay;
    private long orderBusyUntilDay;
    private long blacklistDay;
    private long distressDay;
    private readonly long[] colluders = new long[FraudColludersMax];
    private int colluderCount;
    private readonly long[] buyers = new long[BuyerPool];
    private int buyerCount;
    private readonly long[] daySales = new long[90];
    private long sales90;
    private int[] times = new int[64];
    private double volumeHealth;
    private readonly double[] seasonality;

    public MerchantGenerator(SimulationOptions options)
    {
        seed = options.Seed;
        startDay = UnixDay(options.Start);
        cutoffDay = UnixDay(options.Cutoff);
        cutoffSec = cutoffDay * Day;
        // Weekday × season multiple of every day of the window, shared by all merchants.
        seasonality = new double[cutoffDay - startDay];
        for (var d = startDay; d < cutoffDay; d++)
        {
            var (_, month, dayOfMonth) = Utf8Buffer.CivilFromDays(d);
            seasonality[d - startDay] = Weekday[(int)((d + 3) % 7)] * Season(month, dayOfMonth); // 1970-01-01 was a Thursday; 0 = Monday
        }

        idWidth = Math.Max(6, (options.Merchants - 1).ToString(System.Globalization.CultureInfo.InvariantCulture).Length);
    }

    private static long UnixDay(DateTimeOffset instant) => instant.ToUnixTimeSeconds() / Day;

    public void Generate(int merchantIndex, ChunkOutput chunk)
    {
        rng = Xoshiro256.ForStream(seed, (ulong)merchantIndex);
        output = chunk;
        index = merchantIndex;
        FormatIds();
        SetUp();
        WriteMerchant();

        var firstDay = Math.Max(startDay, regDay + 1);
        double healthSum = 0;
        long healthDays = 0;
        for (var day = firstDay; day < cutoffDay; day++)
        {
            StepHealth(day);
            healthSum += health;
            healthDays++;
            if (IsClosing(day))
            {
                break;
            }

            SimulateOrders(day);
            ConsiderLoans(day);
        }

        var truth = output[SimulationFile.MerchantTruth];
        AppendMerchantId(truth);
        truth.Comma();
        truth.Append(fraud ? "true"u8 : "false"u8);
        truth.Comma();
        truth.AppendFixed4(healthDays == 0 ? health : healthSum / healthDays);
        truth.EndRow();
    }

    private void SetUp()
    {
        category = Pick(Categories, c => c.Weight, rng.NextDouble());
        region = Pick(Regions, r => r.Weight, rng.NextDouble());
        var startSec = startDay * Day;
        regSec = rng.Bernoulli(NewMerchantShare)
            ? rng.NextLong(startSec, cutoffSec - (7 * Day))
            : startSec - rng.NextLong(Day, (long)(PriorYearsMax * 365 * Day));
        regDay = FloorDiv(regSec, Day);
        fraud = rng.Bernoulli(FraudShare);
        kyc = rng.Bernoulli(fraud ? FraudKycRate : KycRate);
        size = Math.Exp(SizeLogMedian + (SizeLogSigma * rng.NextNormal()));
        healthMean = category.HealthEffect + region.HealthEffect + (HealthMeanSigma * rng.NextNormal());
        var isNew = regSec >= startSec;
        var stationarySd = HealthDailySigma / Math.Sqrt((2 * HealthReversion) - (HealthReversion * HealthReversion));
        health = healthMean + ((isNew ? 0.3 : stationarySd) * rng.NextNormal());
        orderLoanUser = rng.Bernoulli(OrderLoanUserShare);
        var firstDay = Math.Max(startDay, regDay + 1);
        fraudStartDay = firstDay + rng.NextLong(20, 200);
        bustDay = fraudStartDay + rng.NextLong(60, 180);
        colluderCount = (int)rng.NextLong(FraudColludersMin, FraudColludersMax);
        for (var i = 0; i < colluderCount; i++)
        {
            colluders[i] = rng.NextLong(0, BuyerSpace - 1);
        }

        orderSeq = 0;
        loanSeq = 0;
        creditBusyUntilDay = long.MinValue;
        orderBusyUntilDay = long.MinValue;
        blacklistDay = long.MaxValue;
        distressDay = long.MaxValue;
        buyerCount = 0;
        Array.Clear(daySales);
        sales90 = 0;
        recentStart = 0;
        recentCount = 0;
    }

    private void StepHealth(long day)
    {
        // The daily step only needs mean 0 and sd 0.06: over weeks the walk is Gaussian anyway
        // (central limit), and a uniform step costs a fraction of a normal one.
        health += (HealthReversion * (healthMean - health)) + (HealthDailySigma * rng.NextUnitUniform());
        if (rng.Bernoulli(ShockRate))
        {
            health += ShockMean + (ShockSigma * rng.NextNormal());
        }

        if (day == distressDay)
        {
            // A merchant that stops repaying is in trouble: its business suffers too.
            health -= 1.2;
            healthMean -= 0.6;
        }
    }

    private bool IsClosing(long day)
    {
        if (fraud && day >= bustDay + (long)FraudBustDays)
        {
            return true;
        }

        // One Exp a day serves volume and closure: exp(-1.2 h) = exp(0.4 h)^-3.
        volumeHealth = Math.Exp(VolumeHealthElasticity * health);
        return rng.Bernoulli(ClosureRate / (volumeHealth * volumeHealth * volumeHealth));
    }

    private void WriteMerchant()
    {
        var b = output[SimulationFile.Merchants];
        AppendMerchantId(b);
        b.Comma();
        b.AppendTimestamp(regSec);
        b.Comma();
        b.Append(category.Utf8);
        b.Comma();
        b.Append(region.Utf8);
        b.Comma();
        b.Append(kyc ? "true"u8 : "false"u8);
        b.EndRow();
        output.Merchants++;
    }

    // The merchant's id "m000123" and the prefixes "o000123-" and "l000123-" of its order and loan ids, formatted once.
    private readonly Utf8Buffer merchantId = new(16);
    private readonly Utf8Buffer orderPrefix = new(16);
    private readonly Utf8Buffer loanPrefix = new(16);

    private void FormatIds()
    {
        merchantId.Clear();
        merchantId.Append((byte)'m');
        merchantId.AppendPadded(index, idWidth);
        orderPrefix.Clear();
        orderPrefix.Append((byte)'o');
        orderPrefix.Append(merchantId.Span[1..]);
        orderPrefix.Append((byte)'-');
        loanPrefix.Clear();
        loanPrefix.Append((byte)'l');
        loanPrefix.Append(merchantId.Span[1..]);
        loanPrefix.Append((byte)'-');
    }

    private void AppendMerchantId(Utf8Buffer b) => b.Append(merchantId.Span);

    private void AppendOrderId(Utf8Buffer b, long seq)
    {
        b.Append(orderPrefix.Span);
        b.AppendInt(seq);
    }

    private void AppendLoanId(Utf8Buffer b, int seq)
    {
        b.Append(loanPrefix.Span);
        b.AppendInt(seq);
    }

    private static long FloorDiv(long a, long b) => (a / b) - ((a % b != 0 && (a < 0) != (b < 0)) ? 1 : 0);

    private static DateOnly ToDate(long unixDay) => DateOnly.FromDayNumber((int)(unixDay + 719_162));

    private static long FromDate(DateOnly date) => date.DayNumber - 719_162L;
}
