using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Dapper;
using Microcredit.Scoring.Storage;
using Microcredit.Underwriting.Dashboard.Officers;

namespace Microcredit.Bench;

/// <summary>What the security phase leaves for the fuzzer: another key's decision and loan, and the merchant halves.</summary>
internal sealed record ForeignFixture(ApiBenchTarget Own, ApiBenchTarget Other, string OtherDecision, string OtherLoan);

/// <summary>
/// Security: merchant A's key cannot read or act for merchant B (every endpoint answers 403 and
/// nothing is written); no key issued during the run appears in any log it captured, nor in the
/// audit trail, stored responses or decisions; dashboard pages reject unauthenticated and
/// wrong-role requests (<see cref="DashboardAsync"/>).
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
    /// The dashboard against the running service: every page answers a request without a session
    /// (or with a forged cookie) with a redirect to sign-in; a signed-in officer is refused the
    /// supervisors' queue, Promote and Run now (403 via /denied) and nothing is written; a
    /// supervisor's Run now is accepted, so the refusals are the role check and not a broken form.
    /// </summary>
    public static async Task DashboardAsync(ReliabilityRun run, ReliabilityEngine engine)
    {
        var password = "reliability-" + Guid.NewGuid().ToString("N")[..12];
        using (var database = Database.FromSetting(engine.Setting))
        await using (var connection = await database.OpenAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await OfficerAccounts.CreateAsync(connection, transaction, "rel-officer", "Reliability officer", OfficerRoles.Officer, password, "reliability", run.Time.GetUtcNow());
            await OfficerAccounts.CreateAsync(connection, transaction, "rel-supervisor", "Reliability supervisor", OfficerRoles.Supervisor, password, "reliability", run.Time.GetUtcNow());
            await transaction.CommitAsync();
        }

        await using var service = await run.StartServiceAsync(engine);
        string[] pages = ["/", "/reviews", "/reviews?queue=supervisors", "/reviews/dec_ANY", "/audit", "/portfolio", "/models", "/jobs"];
        var wrong = new List<string>();
        using (var anonymous = Browser(service, null))
        {
            foreach (var page in pages)
            {
                using var response = await anonymous.GetAsync(new Uri(page, UriKind.Relative));
                if (!SignInRedirect(response))
                {
                    wrong.Add($"GET {page}: {(int)response.StatusCode}");
                }
            }

            using var forged = new HttpRequestMessage(HttpMethod.Get, "/portfolio");
            forged.Headers.Add("Cookie", "mc_officer=CfDJ8forged");
            using var forgedAnswer = await anonymous.SendAsync(forged);
            if (!SignInRedirect(forgedAnswer))
            {
                wrong.Add($"forged cookie: {(int)forgedAnswer.StatusCode}");
            }
        }

        string[] guarded = ["model_champions", "model_promotions", "job_requests", "audit_events WHERE action IN ('model.promote', 'job.run-requested')"];
        var before = await ReliabilityRun.CountsAsync(engine, guarded);
        var champion = await ReliabilityRun.CountAsync(engine, "SELECT count(*) FROM model_champions") > 0
            ? await ScalarTextAsync(engine, "SELECT model_id FROM model_champions ORDER BY kind LIMIT 1")
            : "none";
        var officer = new CookieContainer();
        using (var client = Browser(service, officer))
        {
            await SignInAsync(client, "rel-officer", password);
            using var queue = await client.GetAsync(new Uri("/reviews", UriKind.Relative));
            using var supervisors = await client.GetAsync(new Uri("/reviews?queue=supervisors", UriKind.Relative));
            var promote = await SubmitAsync(client, "/models", "/models?handler=Promote", new() { ["modelId"] = champion });
            var runNow = await SubmitAsync(client, "/jobs", "/jobs?handler=Run", new() { ["job"] = "monitoring" });
            if (queue.StatusCode != HttpStatusCode.OK)
            {
                wrong.Add($"officer GET /reviews: {(int)queue.StatusCode}");
            }

            foreach (var (what, status, location) in new[]
            {
                ("officer GET supervisors' queue", (int)supervisors.StatusCode, supervisors.Headers.Location?.ToString() ?? ""),
                ("officer POST Promote", promote.Status, promote.Location),
                ("officer POST Run now", runNow.Status, runNow.Location),
            })
            {
                if (status != 403 && !(status == 302 && location.Contains("/denied", StringComparison.Ordinal)))
                {
                    wrong.Add($"{what}: {status} {location}");
                }
            }
        }

        var afterOfficer = await ReliabilityRun.CountsAsync(engine, guarded);
        using (var client = Browser(service, new CookieContainer()))
        {
            await SignInAsync(client, "rel-supervisor", password);
            await SubmitAsync(client, "/jobs", "/jobs?handler=Run", new() { ["job"] = "monitoring" });
        }

        var supervisorRequests = await ReliabilityRun.CountAsync(engine, "SELECT count(*) FROM job_requests WHERE requested_by = 'rel-supervisor'");
        run.Report.Check("security", engine.Name, "dashboard pages reject unauthenticated and wrong-role requests; nothing is written",
            wrong.Count == 0 && before == afterOfficer && supervisorRequests == 1,
            $"{pages.Length} pages without a session and a forged cookie: {(wrong.Count == 0 ? "all sent to sign-in" : string.Join("; ", wrong))}; officer refused the supervisors' queue, Promote and Run now, rows {(before == afterOfficer ? "unchanged" : $"changed: {before} -> {afterOfficer}")}; a supervisor's Run now recorded {supervisorRequests} request");
    }

    private static bool SignInRedirect(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Redirect && (response.Headers.Location?.ToString() ?? "").Contains("/signin", StringComparison.Ordinal);

    /// <summary>A dashboard client: cookies kept in <paramref name="cookies"/> (none when null), redirects not followed.</summary>
    private static HttpClient Browser(ApiBenchService service, CookieContainer? cookies) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = cookies is not null, CookieContainer = cookies ?? new CookieContainer() })
        {
            BaseAddress = service.Address,
            Timeout = TimeSpan.FromSeconds(30),
        };

    private static async Task SignInAsync(HttpClient client, string officerId, string password)
    {
        var (status, location) = await SubmitAsync(client, "/signin", "/signin", new() { ["OfficerId"] = officerId, ["Password"] = password });
        if (status != 302 || location.Contains("/signin", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{officerId} could not sign in: {status} {location}");
        }
    }

    /// <summary>Posts a form the way a browser does: with the antiforgery token of the page it came from.</summary>
    private static async Task<(int Status, string Location)> SubmitAsync(HttpClient client, string page, string action, Dictionary<string, string> fields)
    {
        var html = await client.GetStringAsync(new Uri(page, UriKind.Relative));
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"");
        fields["__RequestVerificationToken"] = token.Success ? WebUtility.HtmlDecode(token.Groups[1].Value) : "";
        using var response = await client.PostAsync(new Uri(action, UriKind.Relative), new FormUrlEncodedContent(fields));
        return ((int)response.StatusCode, response.Headers.Location?.ToString() ?? "");
    }

    private static async Task<string> ScalarTextAsync(ReliabilityEngine engine, string sql)
    {
        using var database = Database.FromSetting(engine.Setting);
        await using var connection = await database.OpenAsync();
        return await connection.ExecuteScalarAsync<string>(sql) ?? "";
    }

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
