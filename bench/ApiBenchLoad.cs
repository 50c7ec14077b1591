using System.Diagnostics;

namespace Microcredit.Bench;

/// <summary>
/// Open-loop load: request i is due at start + i / rate whatever happened to earlier requests,
/// and its latency runs from that due time (not from when it was actually sent) to the end of the
/// response body, so a stall of the service or of this generator shows up in the figures instead of
/// silently lowering the offered rate (no coordinated omission). Every latency is kept.
/// </summary>
internal static class ApiBenchLoad
{
    /// <summary>A request that takes longer than this counts as an error ("timeout").</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static HttpClient Client(Uri baseAddress, int connections) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        PooledConnectionLifetime = System.Threading.Timeout.InfiniteTimeSpan,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        UseProxy = false,
        UseCookies = false,
        AllowAutoRedirect = false,
    })
    {
        BaseAddress = baseAddress,
        Timeout = Timeout,
    };

    /// <summary>Offers <paramref name="rate"/> requests/s for warm-up + duration; measures the requests due after the warm-up.</summary>
    public static async Task<ApiLoadResult> RunAsync(HttpClient client, Func<long, HttpRequestMessage> build, double rate, TimeSpan warmup, TimeSpan duration)
    {
        var warm = (long)(rate * warmup.TotalSeconds);
        var total = warm + (long)(rate * duration.TotalSeconds);
        var interval = Stopwatch.Frequency / rate;
        var latencies = new long[total - warm];
        var lateness = new long[total - warm];
        var statuses = new int[600];
        var failures = new System.Collections.Concurrent.ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var lastEnd = 0L;
        var measuredOk = 0;
        var outstanding = new CountdownEvent(1);

        async Task SendAsync(long i, long due)
        {
            var sent = Stopwatch.GetTimestamp();
            var status = 0;
            try
            {
                using var request = build(i);
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead).ConfigureAwait(false);
                status = (int)response.StatusCode;
            }
            catch (TaskCanceledException)
            {
                failures.AddOrUpdate("timeout", 1, (_, n) => n + 1);
            }
            catch (HttpRequestException ex)
            {
                failures.AddOrUpdate(ex.HttpRequestError.ToString(), 1, (_, n) => n + 1);
            }

            var end = Stopwatch.GetTimestamp();
            if (status > 0)
            {
                Interlocked.Increment(ref statuses[Math.Min(status, statuses.Length - 1)]);
            }

            if (i >= warm)
            {
                if (status is >= 200 and < 300)
                {
                    Interlocked.Increment(ref measuredOk);
                }

                latencies[i - warm] = end - due;
                lateness[i - warm] = sent - due;
                InterlockedMax(ref lastEnd, end);
            }

            outstanding.Signal();
        }

        var start = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 100;
        var scheduler = new Thread(() =>
        {
            for (var i = 0L; i < total; i++)
            {
                var due = start + (long)(i * interval);
                // Sleep while the next request is more than ~0.2 ms away: Thread.Sleep(1) wakes after
                // about 1.05 ms on Linux. The lateness this adds is measured (it counts in the latency)
                // and printed separately; spinning instead would take a core from the service.
                while (due - Stopwatch.GetTimestamp() > Stopwatch.Frequency / 5000)
                {
                    Thread.Sleep(1);
                }

                outstanding.AddCount();
                _ = SendAsync(i, due);
            }
        })
        { IsBackground = true, Name = "open-loop scheduler", Priority = ThreadPriority.AboveNormal };
        scheduler.Start();
        scheduler.Join();
        outstanding.Signal();
        await Task.Run(() => outstanding.Wait()).ConfigureAwait(false);

        var measureStart = start + (long)(warm * interval);
        var seconds = (double)(lastEnd - measureStart) / Stopwatch.Frequency;
        var byStatus = statuses.Select((count, status) => (status, count)).Where(s => s.count > 0).ToDictionary(s => s.status, s => s.count);
        // Achieved: 2xx responses to the measured requests per second, until the last of them ended.
        return new ApiLoadResult(rate, latencies.Length, measuredOk / seconds, Sorted(latencies), Sorted(lateness), byStatus, new Dictionary<string, int>(failures, StringComparer.Ordinal));
    }

    private static double[] Sorted(long[] ticks)
    {
        var ms = ticks.Select(t => t * 1000.0 / Stopwatch.Frequency).ToArray();
        Array.Sort(ms);
        return ms;
    }

    private static void InterlockedMax(ref long target, long value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}

/// <summary>One load step: the measured requests' latencies (ms, sorted), statuses and failures.</summary>
internal sealed record ApiLoadResult(
    double TargetRate, int Count, double AchievedRate, double[] LatenciesMs, double[] LatenessMs, IReadOnlyDictionary<int, int> ByStatus, IReadOnlyDictionary<string, int> Failures)
{
    /// <summary>Responses with a 2xx status, warm-up included (what the durability check expects in the database).</summary>
    public int Succeeded => ByStatus.Where(s => s.Key is >= 200 and < 300).Sum(s => s.Value);

    /// <summary>Everything but a 2xx, warm-up included.</summary>
    public int Errors => ByStatus.Where(s => s.Key is < 200 or >= 300).Sum(s => s.Value) + Failures.Values.Sum();

    public double Percentile(double p) => Percentile(LatenciesMs, p);

    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
}
