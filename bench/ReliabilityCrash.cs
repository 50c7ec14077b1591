using System.Collections.Concurrent;
using System.Globalization;
using Dapper;
using Microcredit.Scoring.Storage;

namespace Microcredit.Bench;

/// <summary>
/// Crash: the service is SIGKILLed (kill -9) during sustained load, again and again; after each
/// restart every decision that got a 2xx is stored with exactly one audit row, each request sent
/// is retried with its Idempotency-Key (a 2xx comes back byte for byte, marked replayed; an
/// unanswered one is decided now or replays what committed before the kill), and afterwards each
/// request holds exactly one decision, one idempotency record and one audit row: none lost, none twice.
/// </summary>
internal static class ReliabilityCrash
{
    public static async Task RunAsync(ReliabilityRun run, ReliabilityEngine engine)
    {
        var plan = run.Plan;
        var random = run.Random("crash", engine);
        var scenario = ApiBenchScenarios.All["credit-decisions"];
        var service = await run.StartServiceAsync(engine);
        var failures = new List<string>();
        long sentAll = 0, okAll = 0, lostAnswers = 0, replayedAll = 0;
        try
        {
            for (var cycle = 1; cycle <= plan.CrashCycles; cycle++)
            {
                var target = await run.CreateKeyAsync(engine, $"reliability-crash-{cycle}");
                var tag = $"crash-{cycle}";
                var answered = new ConcurrentDictionary<long, byte[]>();
                using var stop = new CancellationTokenSource();
                using (var client = ApiBenchLoad.Client(service.Address, 256))
                {
                    var killAfter = TimeSpan.FromSeconds(plan.KillAfterMin + random.NextDouble() * (plan.KillAfterMax - plan.KillAfterMin));
                    var load = ApiBenchLoad.RunAsync(client, i => scenario.Build(target, tag, i), plan.CrashRate, TimeSpan.Zero, TimeSpan.FromSeconds(60),
                        async exchange =>
                        {
                            if (exchange.Status is >= 200 and < 300)
                            {
                                answered[exchange.Index] = await exchange.Response!.Content.ReadAsByteArrayAsync();
                            }
                        },
                        stop: stop.Token);
                    await Task.Delay(killAfter);
                    await service.KillAsync();
                    await stop.CancelAsync();
                    var result = await load;
                    sentAll += result.Sent;
                    okAll += answered.Count;

                    await service.DisposeAsync();
                    service = await run.StartServiceAsync(engine);
                    var (problems, replayed, lost) = await VerifyAsync(engine, service, scenario, target, tag, result.Sent, answered);
                    replayedAll += replayed;
                    lostAnswers += lost;
                    failures.AddRange(problems.Select(p => $"cycle {cycle}: {p}"));
                    Console.WriteLine($"{engine.Name} crash {cycle}/{plan.CrashCycles}: killed after {killAfter.TotalSeconds:F2} s; {result.Sent:N0} sent, {answered.Count:N0} answered 2xx, {lost:N0} committed but unanswered; {(problems.Count == 0 ? "consistent" : string.Join("; ", problems.Take(3)))}");
                }
            }
        }
        finally
        {
            await service.DisposeAsync();
        }

        run.Report.Check("crash", engine.Name, $"kill -9 during load × {plan.CrashCycles}: every 2xx stored once with its audit row; retries replay it byte for byte; every request sent ends with exactly one decision",
            failures.Count == 0,
            string.Create(CultureInfo.InvariantCulture, $"{sentAll:N0} requests sent at {plan.CrashRate}/s, {okAll:N0} answered 2xx before the kills, {replayedAll:N0} replayed identically, {lostAnswers:N0} committed but cut off before their answer (replayed on retry)")
            + (failures.Count == 0 ? "" : "; " + string.Join("; ", failures.Take(5))));
    }

    private static async Task<(List<string> Problems, long Replayed, long Lost)> VerifyAsync(
        ReliabilityEngine engine, ApiBenchService service, ApiScenario scenario, ApiBenchTarget target, string tag, long sent, ConcurrentDictionary<long, byte[]> answered)
    {
        var problems = new List<string>();
        var before = await DecisionsAsync(engine, target.KeyId);
        foreach (var (i, body) in answered)
        {
            var id = DecisionId(body);
            if (!before.TryGetValue(id, out var audits))
            {
                problems.Add($"request {i} got 2xx for {id}, which is not stored");
            }
            else if (audits != 1)
            {
                problems.Add($"{id} has {audits} audit rows");
            }
        }

        // Every request again, same body and Idempotency-Key.
        var replayed = 0L;
        var lost = 0L;
        using var client = ApiBenchLoad.Client(service.Address, 16);
        var retries = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(LongRange(sent), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, token) =>
        {
            for (var attempt = 1; ; attempt++)
            {
                using var request = scenario.Build(target, tag, i);
                using var response = await client.SendAsync(request, token);
                var body = await response.Content.ReadAsByteArrayAsync(token);
                if ((int)response.StatusCode == 503 && attempt < 20)
                {
                    await Task.Delay(200, token);
                    continue;
                }

                var isReplay = response.Headers.TryGetValues("Idempotent-Replayed", out var values) && values.Contains("true");
                if (answered.TryGetValue(i, out var original))
                {
                    if (!isReplay || !body.AsSpan().SequenceEqual(original))
                    {
                        retries.Add($"retry of answered request {i}: {(int)response.StatusCode}{(isReplay ? "" : ", not a replay")}{(body.AsSpan().SequenceEqual(original) ? "" : ", different body")}");
                    }
                    else
                    {
                        Interlocked.Increment(ref replayed);
                    }
                }
                else if ((int)response.StatusCode is < 200 or >= 300)
                {
                    retries.Add($"retry of unanswered request {i}: {(int)response.StatusCode}");
                }
                else if (isReplay)
                {
                    Interlocked.Increment(ref lost);
                }

                return;
            }
        });
        problems.AddRange(retries.Take(10));

        var after = await DecisionsAsync(engine, target.KeyId);
        var idempotency = await ReliabilityRun.CountAsync(engine, "SELECT count(*) FROM idempotency_keys WHERE key_id = @key", new { key = target.KeyId });
        if (after.Count != sent || idempotency != sent || after.Values.Any(a => a != 1))
        {
            problems.Add($"{sent} requests but {after.Count} decisions, {idempotency} idempotency records, {after.Values.Count(a => a != 1)} decisions without exactly one audit row");
        }

        return (problems, replayed, lost);
    }

    /// <summary>The key's decisions, each with its count of decision.credit audit rows.</summary>
    private static async Task<Dictionary<string, long>> DecisionsAsync(ReliabilityEngine engine, string keyId)
    {
        using var database = Database.FromSetting(engine.Setting);
        await using var connection = await database.OpenAsync();
        var rows = await connection.QueryAsync<(string DecisionId, long Audits)>(
            """
            SELECT d.decision_id, (SELECT count(*) FROM audit_events a WHERE a.subject = d.decision_id AND a.action = 'decision.credit')
            FROM decisions d WHERE d.api_key_id = @keyId
            """,
            new { keyId });
        return rows.ToDictionary(r => r.DecisionId, r => r.Audits, StringComparer.Ordinal);
    }

    private static string DecisionId(byte[] body)
    {
        using var document = System.Text.Json.JsonDocument.Parse(body);
        return document.RootElement.GetProperty("decisionId").GetString()!;
    }

    private static IEnumerable<long> LongRange(long count)
    {
        for (var i = 0L; i < count; i++)
        {
            yield return i;
        }
    }
}
