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

    /// <summary>
    /// Offers <paramref name="rate"/> requests/s for warm-up + duration; measures the requests due
    /// after the warm-up. <paramref name="observe"/> sees every exchange (its response still
    /// readable) as it ends; <paramref name="stop"/> ends the offering early (the requests sent so
    /// far are still awaited and measured). With <paramref name="raw"/> (and no observer) requests go
    /// through it instead of <paramref name="client"/>.
    /// </summary>
    public static async Task<ApiLoadResult> RunAsync(
        HttpClient client, Func<long, HttpRequestMessage> build, double rate, TimeSpan warmup, TimeSpan duration, Func<ApiExchange, Task>? observe = null, RawHttpPool? raw = null, CancellationToken stop = default)
    {
        if (observe is not null)
        {
            raw = null;
        }

        var warm = (long)(rate * warmup.TotalSeconds);
        var total = warm + (long)(rate * duration.TotalSeconds);
        var interval = Stopwatch.Frequency / rate;
        var latencies = new long[total - warm];
        var lateness = new long[total - warm];
        var sentCount = 0L;
        var statuses = new int[600];
        var failures = new System.Collections.Concurrent.ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var lastEnd = 0L;
        var measuredOk = 0;
        var outstanding = new CountdownEvent(1);

        async Task SendAsync(long i, long due)
        {
            var sent = Stopwatch.GetTimestamp();
            var status = 0;
            string? failure = null;
            HttpResponseMessage? response = null;
            try
            {
                using var request = build(i);
                if (raw is not null)
                {
                    status = await raw.SendAsync(await raw.SerializeAsync(request).ConfigureAwait(false)).ConfigureAwait(false);
                }
                else
                {
                    // Not stop: stopping ends the offering, and what was sent runs its course.
                    response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, CancellationToken.None).ConfigureAwait(false);
                    status = (int)response.StatusCode;
                }
            }
            catch (Exception ex) when (raw is not null && ex is IOException or System.Net.Sockets.SocketException)
            {
                failure = ex is System.Net.Sockets.SocketException socket ? socket.SocketErrorCode.ToString() : "connection closed";
            }
            catch (TaskCanceledException)
            {
                failure = "timeout";
            }
            catch (HttpRequestException ex)
            {
                failure = ex.HttpRequestError.ToString();
            }

            var end = Stopwatch.GetTimestamp();
            if (failure is not null)
            {
                failures.AddOrUpdate(failure, 1, (_, n) => n + 1);
            }

            if (observe is not null)
            {
                await observe(new ApiExchange(i, due, end, status, failure, response)).ConfigureAwait(false);
            }

            response?.Dispose();
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
        var scheduled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var scheduler = new Thread(() =>
        {
            for (var i = 0L; i < total && !stop.IsCancellationRequested; i++)
            {
                var due = start + (long)(i * interval);
                // Any lateness left is measured (it counts in the latency) and printed separately;
                // spinning instead would take a core from the service.
                PreciseSleep.Until(due);

                if (stop.IsCancellationRequested)
                {
                    break;
                }

                outstanding.AddCount();
                sentCount = i + 1;
                _ = SendAsync(i, due);
            }

            scheduled.SetResult();
        })
        { IsBackground = true, Name = "open-loop scheduler", Priority = ThreadPriority.AboveNormal };
        scheduler.Start();
        // Awaited, not joined: the caller goes on while the load runs (to kill the service under it).
        await scheduled.Task.ConfigureAwait(false);
        outstanding.Signal();
        await Task.Run(() => outstanding.Wait(), CancellationToken.None).ConfigureAwait(false);

        var measureStart = start + (long)(warm * interval);
        var seconds = (double)(lastEnd - measureStart) / Stopwatch.Frequency;
        var byStatus = statuses.Select((count, status) => (status, count)).Where(s => s.count > 0).ToDictionary(s => s.status, s => s.count);
        var measured = (int)Math.Max(0, sentCount - warm);
        // Achieved: 2xx responses to the measured requests per second, until the last of them ended.
        return new ApiLoadResult(
            rate, measured, measured == 0 ? 0 : measuredOk / seconds, Stalls(latencies.AsSpan(0, measured), rate, TimeProvider.System.GetUtcNow() - Stopwatch.GetElapsedTime(measureStart)), Sorted(latencies.AsSpan(0, measured)), Sorted(lateness.AsSpan(0, measured)), byStatus,
            new Dictionary<string, int>(failures, StringComparer.Ordinal), sentCount);
    }

    /// <summary>
    /// The measured requests in windows of 100 ms by due time: how many windows held a request slower
    /// than <see cref="ApiStalls.SlowMs"/>. Tells steady queueing (many windows) from stalls (few).
    /// </summary>
    private static ApiStalls Stalls(ReadOnlySpan<long> ticks, double rate, DateTimeOffset measuredFrom)
    {
        var perWindow = Math.Max(1, (int)(rate / 10));
        var windows = 0;
        var slow = new List<ApiSlowWindow>();
        for (var first = 0; first < ticks.Length; first += perWindow)
        {
            var window = ticks.Slice(first, Math.Min(perWindow, ticks.Length - first));
            var worst = 0L;
            foreach (var t in window)
            {
                worst = Math.Max(worst, t);
            }

            var worstMs = worst * 1000.0 / Stopwatch.Frequency;
            if (worstMs > ApiStalls.SlowMs)
            {
                slow.Add(new ApiSlowWindow(measuredFrom.AddMilliseconds(windows * 100), worstMs));
            }

            windows++;
        }

        return new ApiStalls(windows, slow);
    }

    private static double[] Sorted(ReadOnlySpan<long> ticks)
    {
        var ms = new double[ticks.Length];
        for (var i = 0; i < ticks.Length; i++)
        {
            ms[i] = ticks[i] * 1000.0 / Stopwatch.Frequency;
        }

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

/// <summary>One request as it ended: its number, when it was due and ended (Stopwatch ticks), its status or transport failure, and its response.</summary>
internal sealed record ApiExchange(long Index, long Due, long End, int Status, string? Failure, HttpResponseMessage? Response)
{
    public double LatencyMs => (End - Due) * 1000.0 / Stopwatch.Frequency;
}

/// <summary>Of <paramref name="Windows"/> windows of 100 ms, those that held a request slower than <see cref="SlowMs"/>.</summary>
internal sealed record ApiStalls(int Windows, IReadOnlyList<ApiSlowWindow> SlowWindows)
{
    public const double SlowMs = 10;

    public int Slow => SlowWindows.Count;
}

/// <summary>A slow 100 ms window: when its requests were due (UTC, to line up with server logs) and its slowest request.</summary>
internal sealed record ApiSlowWindow(DateTimeOffset From, double WorstMs);

/// <summary>One load step: the measured requests' latencies (ms, sorted), statuses and failures; <see cref="Sent"/> counts every request sent, warm-up included.</summary>
internal sealed record ApiLoadResult(
    double TargetRate, int Count, double AchievedRate, ApiStalls Stalls, double[] LatenciesMs, double[] LatenessMs, IReadOnlyDictionary<int, int> ByStatus, IReadOnlyDictionary<string, int> Failures, long Sent)
{
    /// <summary>Responses with a 2xx status, warm-up included (what the durability check expects in the database).</summary>
    public int Succeeded => ByStatus.Where(s => s.Key is >= 200 and < 300).Sum(s => s.Value);

    /// <summary>Everything but a 2xx, warm-up included.</summary>
    public int Errors => ByStatus.Where(s => s.Key is < 200 or >= 300).Sum(s => s.Value) + Failures.Values.Sum();

    public double Percentile(double p) => Percentile(LatenciesMs, p);

    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
}
