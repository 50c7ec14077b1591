using System.Net.Http.Headers;
using System.Text;
using Dapper;
using Microcredit.Scoring.Storage;

namespace Microcredit.Bench;

/// <summary>What the security phase leaves for the fuzzer: another key's decision and loan, and the merchant halves.</summary>
internal sealed record ForeignFixture(ApiBenchTarget Own, ApiBenchTarget Other, string OtherDecision, string OtherLoan);

/// <summary>
/// Security: merchant A's key cannot read or act for merchant B (every endpoint answers 403 and
/// nothing is written); no key issued during the run appears in any log it captured, nor in the
/// audit trail, stored responses or decisions; dashboard pages reject unauthenticated and
/// wrong-role requests (pending: see <see cref="Dashboard"/>).
/// </summary>
internal static class ReliabilitySecurity
{
    private static readonly string[] Written = ["decisions", "audit_events", "idempotency_keys", "loans", "repayments", "loan_pledges"];

    public static async Task<ForeignFixture> CrossMerchantAsync(ReliabilityRun run, ReliabilityEngine engine)
    {
        var own = await run.CreateKeyAsync(engine, "reliability-merchant-a", all => all.Take(all.Count / 2));
        var other = await run.CreateKeyAsync(engine, "reliability-merchant-b", all => all.Skip(all.Count / 2));
        // Debug logging: the key check must hold where the service says the most.
        await using var service = await run.StartServiceAsync(engine, "Debug");
        using var a = Client(service, own);
        using var b = Client(service, other);

        string? decision = null, loan = null, merchant = null;
        foreach (var candidate in other.MerchantIds.Take(200))
        {
            var answer = await PostAsync(b, "/v1/credit-loans/decisions", $$"""{"merchantId":"{{candidate}}","requestedAmount":500,"termMonths":3}""");
            if (answer.Status == 201 && answer.Body.Contains("\"outcome\":\"approved\"", StringComparison.Ordinal))
            {
                decision = Field(answer.Body, "decisionId");
                merchant = candidate;
                var drawn = await PostAsync(b, "/v1/loans", $$"""{"decisionId":"{{decision}}"}""");
                loan = drawn.Status == 201 ? Field(drawn.Body, "loanId") : null;
                break;
            }
        }

        if (decision is null || loan is null || merchant is null)
        {
            run.Report.Check("security", engine.Name, "merchant A's key cannot read or act for merchant B", false, "no approved decision and loan for merchant B to test with");
            return new ForeignFixture(own, other, "dec_NONE", "loan_NONE");
        }

        var before = await ReliabilityRun.CountsAsync(engine, Written);
        var attempts = new (string What, Func<Task<(int Status, string Body)>> Send)[]
        {
            ("credit decision for B's merchant", () => PostAsync(a, "/v1/credit-loans/decisions", $$"""{"merchantId":"{{merchant}}","requestedAmount":500,"termMonths":3}""")),
            ("order decision for B's merchant", () => PostAsync(a, "/v1/order-loans/decisions", $$"""{"merchantId":"{{merchant}}"}""")),
            ("read B's decision", () => GetAsync(a, $"/v1/decisions/{decision}")),
            ("read B's offer", () => GetAsync(a, $"/v1/merchants/{merchant}/offer")),
            ("draw down B's decision", () => PostAsync(a, "/v1/loans", $$"""{"decisionId":"{{decision}}"}""")),
            ("read B's loan", () => GetAsync(a, $"/v1/loans/{loan}")),
            ("B's payoff", () => GetAsync(a, $"/v1/loans/{loan}/payoff")),
            ("repay B's loan", () => PostAsync(a, $"/v1/loans/{loan}/repayments", """{"amount":1.00}""")),
        };
        var wrong = new List<string>();
        foreach (var (what, send) in attempts)
        {
            var (status, _) = await send();
            if (status != 403)
            {
                wrong.Add($"{what}: {status}");
            }
        }

        var after = await ReliabilityRun.CountsAsync(engine, Written);
        var ownRead = await GetAsync(b, $"/v1/loans/{loan}");
        run.Report.Check("security", engine.Name, "merchant A's key cannot read or act for merchant B: 403 on every endpoint, nothing written",
            wrong.Count == 0 && before == after && ownRead.Status == 200,
            $"{attempts.Length} attempts with A's key on B's merchant {merchant}, decision and loan: {(wrong.Count == 0 ? "all 403" : string.Join(", ", wrong))}; rows {(before == after ? "unchanged" : $"changed: {before} -> {after}")}; B reads its own loan: {ownRead.Status}");
        return new ForeignFixture(own, other, decision, loan);
    }

    /// <summary>Every key issued in the run, whole or its secret, looked for in every log and in the stored rows that record requests.</summary>
    public static async Task KeysNotLoggedAsync(ReliabilityRun run, IReadOnlyList<ReliabilityEngine> engines)
    {
        var logs = Directory.GetFiles(run.Work, "*.log");
        var texts = logs.Select(File.ReadAllText).ToList();
        var secrets = run.Keys.Select(k => k[(k.IndexOf('.', StringComparison.Ordinal) + 1)..]).ToList();
        var found = texts.Sum(text => secrets.Count(s => text.Contains(s, StringComparison.Ordinal)));
        var bytes = texts.Sum(t => (long)t.Length);
        run.Report.Check("security", "both", "no API key issued in the run (nor its secret) appears in the service's or the jobs' captured stdout/stderr",
            found == 0 && secrets.Count > 0,
            $"{secrets.Count} keys looked for in {logs.Length} logs ({bytes / 1024.0:N0} KiB, the cross-merchant service at Debug level, the fuzzed one at Information): {found} found");

        foreach (var engine in engines)
        {
            using var database = Database.FromSetting(engine.Setting);
            await using var connection = await database.OpenAsync();
            var stored = 0L;
            foreach (var secret in secrets)
            {
                stored += await connection.ExecuteScalarAsync<long>(
                    """
                    SELECT (SELECT count(*) FROM audit_events WHERE details LIKE @pattern)
                         + (SELECT count(*) FROM idempotency_keys WHERE response LIKE @pattern)
                         + (SELECT count(*) FROM decisions WHERE inputs LIKE @pattern OR response LIKE @pattern)
                         + (SELECT count(*) FROM api_keys WHERE secret_hash LIKE @pattern)
                    """,
                    new { pattern = "%" + secret + "%" });
            }

            run.Report.Check("security", engine.Name, "no key secret in the audit trail, stored responses, decisions or api_keys (which hold only hashes)", stored == 0, $"{secrets.Count} secrets: {stored} rows hold one");
        }
    }

    /// <summary>
    /// DASHBOARD CHECK — NOT BUILT YET. The officers' dashboard (Razor Pages, cookie auth, roles) is
    /// being added to src/Underwriting separately; once it is in, this is where the harness signs in
    /// as each role and checks that every dashboard page answers an unauthenticated request with a
    /// redirect to sign-in or 401, and a wrong-role request with 403. Until then the check is
    /// reported pending, never passed.
    /// </summary>
    public static void Dashboard(ReliabilityRun run) =>
        run.Report.Pending("security", "both", "dashboard pages reject unauthenticated and wrong-role requests",
            "not checked: the dashboard is not in this tree yet (ReliabilitySecurity.Dashboard is the place for it)");

    private static HttpClient Client(ApiBenchService service, ApiBenchTarget key)
    {
        var client = ApiBenchLoad.Client(service.Address, 4);
        client.DefaultRequestHeaders.Add("X-Api-Key", key.ApiKey);
        return client;
    }

    private static async Task<(int Status, string Body)> PostAsync(HttpClient client, string path, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(json)) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        using var response = await client.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task<(int Status, string Body)> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static string Field(string json, string name)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        return document.RootElement.GetProperty(name).GetString()!;
    }
}
