using System.Globalization;
using System.Text;

namespace Microcredit.Bench;

/// <summary>
/// Load: credit decisions offered open-loop at rising rates (the api bench's steps) until two steps
/// in a row are overloaded (refusals, failures, or under 90 % of the rate achieved). The saturation point is the highest rate with p99 ≤ 50 ms, no errors and
/// every 2xx durable; above it every refusal must be a 503 or 429 problem+json with Retry-After,
/// every request answered, none slower than <see cref="HangMs"/>.
/// </summary>
internal static class ReliabilityLoad
{
    public const double MaxP99Ms = 50;

    /// <summary>A response slower than this counts as a hang.</summary>
    public const double HangMs = 5_000;

    public static async Task RunAsync(ReliabilityRun run, ReliabilityEngine engine)
    {
        var plan = run.Plan;
        var scenario = ApiBenchScenarios.All["credit-decisions"];
        var target = await run.CreateKeyAsync(engine, "reliability-load");
        await using var service = await run.StartServiceAsync(engine);
        using var client = ApiBenchLoad.Client(service.Address, 256);
        var warm = await ApiBenchLoad.RunAsync(client, i => scenario.Build(target, "load-warm", i), 200, TimeSpan.Zero, TimeSpan.FromSeconds(plan.ServiceWarmup));
        Console.WriteLine($"{engine.Name}: service warm-up {plan.ServiceWarmup} s at 200/s: {warm.Succeeded:N0} 2xx, {warm.Errors:N0} other");

        var steps = new ApiBenchStep(engine.Name, scenario, engine.Setting, service, client, target, "load", plan.StepSeconds, plan.StepWarmup, MaxP99Ms);
        var table = new StringBuilder("| engine | offered/s | achieved/s | p50 ms | p99 ms | max ms | 2xx | 503 | 429 | other | unanswered | refusals well-formed | durable |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n");
        int? saturation = null;
        var short_ = 0;
        var overloadSteps = 0;
        var refusing = 0;
        var overloadOk = true;
        var overloadFigures = new List<string>();
        foreach (var rate in plan.Rates)
        {
            var tally = new RefusalTally();
            var step = await steps.RunAsync(rate, tally.ObserveAsync);
            var r = step.Result;
            var other = r.ByStatus.Where(s => s.Key is not (>= 200 and < 300) and not 503 and not 429).Sum(s => s.Value);
            var wellFormed = tally.Malformed == 0 && other == 0 && r.Failures.Count == 0 && tally.SlowestMs <= HangMs;
            table.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {engine.Name} | {rate:N0} | {r.AchievedRate:N0} | {r.Percentile(50):F1} | {r.Percentile(99):F1} | {r.Percentile(100):F0} | {r.Succeeded:N0} | {r.ByStatus.GetValueOrDefault(503):N0} | {r.ByStatus.GetValueOrDefault(429):N0} | {other:N0} | {r.Failures.Values.Sum():N0} | {(wellFormed ? "yes" : "**no**")} | {(step.Durable ? "yes" : "**no**")} |"));
            var overloaded = r.ByStatus.ContainsKey(503) || r.ByStatus.ContainsKey(429) || r.Failures.Count > 0 || r.AchievedRate < 0.9 * rate;
            short_ = overloaded ? short_ + 1 : 0;
            refusing += r.ByStatus.GetValueOrDefault(503) + r.ByStatus.GetValueOrDefault(429);
            if (step.Sustained)
            {
                saturation = rate;
            }
            else
            {
                overloadSteps++;
                overloadOk &= wellFormed && step.Durable;
                overloadFigures.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{rate:N0}/s: {r.ByStatus.GetValueOrDefault(503):N0} × 503, {r.ByStatus.GetValueOrDefault(429):N0} × 429, {other:N0} other, {r.Failures.Values.Sum():N0} unanswered, {tally.Malformed:N0} refusals without problem+json/Retry-After, slowest {tally.SlowestMs:F0} ms"));
            }

            if (!step.Durable)
            {
                run.Report.Check("load", engine.Name, $"every 2xx durable at {rate:N0}/s", false, step.Row);
            }

            if (short_ >= 2)
            {
                break;
            }
        }

        run.Report.Table($"Load on {engine.Name} (credit decisions, open loop, {plan.StepSeconds} s per step after {plan.StepWarmup} s warm-up)", table.ToString());
        run.Report.Figure("load", engine.Name, $"saturation point: highest rate with p99 ≤ {MaxP99Ms} ms, no errors, every 2xx durable",
            saturation is null ? $"none: not even {plan.Rates[0]:N0}/s held" : $"{saturation:N0}/s (next step {plan.Rates.SkipWhile(r => r <= saturation).FirstOrDefault():N0}/s did not)");
        run.Report.Check("load", engine.Name, "above saturation: refusals are 503/429 problem+json with Retry-After, every request answered within 5 s, every 2xx durable", refusing > 0 && overloadOk,
            (refusing == 0 ? "no step was refused: overload not reached; " : "") + string.Join("; ", overloadFigures));
    }

    /// <summary>Counts non-2xx answers that are not a problem+json with Retry-After, and the slowest answer.</summary>
    private sealed class RefusalTally
    {
        private int malformed;
        private long slowestTicks;

        public int Malformed => malformed;

        public double SlowestMs => slowestTicks * 1000.0 / System.Diagnostics.Stopwatch.Frequency;

        public Task ObserveAsync(ApiExchange exchange)
        {
            var ticks = exchange.End - exchange.Due;
            long seen;
            while (ticks > (seen = Interlocked.Read(ref slowestTicks)) && Interlocked.CompareExchange(ref slowestTicks, ticks, seen) != seen)
            {
            }

            if (exchange.Response is { } response && exchange.Status is < 200 or >= 300
                && (response.Content.Headers.ContentType?.MediaType != "application/problem+json" || response.Headers.RetryAfter is null))
            {
                Interlocked.Increment(ref malformed);
            }

            return Task.CompletedTask;
        }
    }
}
