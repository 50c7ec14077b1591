using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microcredit.Scoring.Features;
using Microcredit.Scoring.Features.Snapshots;
using Microcredit.Scoring.Models.Artifacts;
using Microcredit.Scoring.Registry;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;
using Microcredit.Underwriting.Auth;
using Microcredit.Underwriting.Blocklist;
using Microcredit.Underwriting.Policy;
using Microsoft.AspNetCore.Hosting;

namespace Microcredit.Underwriting.Tests.Api;

/// <summary>
/// A running service on a fresh database holding a cast of merchants, each built to meet one
/// branch of the policy, the repository's credit model as champion, a snapshot as of
/// <see cref="AsOf"/>, and a test policy whose cut-offs sit just below the scores of
/// <see cref="Good"/> (approve) and <see cref="Middling"/> (review), so <see cref="Poor"/> declines.
/// </summary>
public sealed class ApiWorld : IAsyncDisposable
{
    public const string Good = "M_GOOD";
    public const string Middling = "M_MID";
    public const string Poor = "M_POOR";
    public const string NoKyc = "M_NOKYC";
    public const string Newcomer = "M_NEW";
    public const string Idle = "M_IDLE";
    public const string Late = "M_LATE";
    public const string Blocked = "M_BLOCKED";
    public const string NoSnapshot = "M_NOSNAP";
    public const string Indebted = "M_OWES";
    public const string Stranger = "M_OTHER";
    public const string Pledger = "M_PLEDGER";

    public static readonly DateOnly AsOf = new(2026, 11, 1);
    public static readonly DateTimeOffset Start = new(2026, 11, 2, 10, 0, 0, TimeSpan.Zero);

    private ApiWorld(TestDatabase database, TestClock clock, string policyPath, ApiFactory factory, string key, CreditPolicy policy, IReadOnlyDictionary<string, double> scores)
    {
        Database = database;
        Clock = clock;
        PolicyPath = policyPath;
        Factory = factory;
        Key = key;
        Policy = policy;
        Scores = scores;
        Client = factory.CreateClient();
        Client.DefaultRequestHeaders.Add(ApiKeyAuthentication.Header, key);
    }

    public TestDatabase Database { get; }

    public TestClock Clock { get; }

    public string PolicyPath { get; }

    public ApiFactory Factory { get; }

    /// <summary>A key for every merchant of the cast except <see cref="Stranger"/>.</summary>
    public string Key { get; }

    public CreditPolicy Policy { get; }

    /// <summary>The champion's score of each merchant's snapshot row.</summary>
    public IReadOnlyDictionary<string, double> Scores { get; }

    /// <summary>A client sending <see cref="Key"/>.</summary>
    public HttpClient Client { get; }

    public string ModelId { get; private set; } = "";

    private Action<IWebHostBuilder>? configure;

    /// <param name="engine">The storage engine.</param>
    /// <param name="requestsPerMinute">The key's rate limit.</param>
    /// <param name="editPolicy">Changes to the test policy.</param>
    /// <param name="configure">More settings for every instance of the service on this world (its own and <see cref="KestrelFactory"/>).</param>
    public static async Task<ApiWorld> CreateAsync(
        DatabaseEngine engine, int requestsPerMinute = ApiKeys.DefaultRequestsPerMinute, Action<JsonObject>? editPolicy = null, Action<IWebHostBuilder>? configure = null)
    {
        var clock = new TestClock(Start);
        var database = await TestDatabase.CreateAsync(engine, time: clock);
        var json = await File.ReadAllTextAsync(RepositoryFile("models", "credit.json"));
        await using var connection = await database.Database.OpenAsync();
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            var id = await ModelRegistry.RegisterAsync(connection, transaction, ModelRegistry.CreditKind, json, "credit.json", Start);
            await ModelRegistry.PromoteAsync(connection, transaction, id, "test", Start);
            var settlement = await ModelRegistry.RegisterAsync(
                connection, transaction, ModelRegistry.SettlementKind, await File.ReadAllTextAsync(RepositoryFile("models", "settlement.json")), "settlement.json", Start);
            await ModelRegistry.PromoteAsync(connection, transaction, settlement, "test", Start);
            await InsertMerchantsAsync(connection, transaction);
            await InsertOrdersAsync(connection, transaction);
            await BlockList.AddAsync(connection, transaction, Blocked, "test: confirmed fake orders", "test", Start);
            await InsertLoansAsync(connection, transaction);
            await transaction.CommitAsync();
        }

        var rows = Rows();
        var ids = rows.Keys.Order(StringComparer.Ordinal).ToList();
        await FeatureSnapshotStore.SaveAsync(database.Database, new FeatureMatrix(AsOf, ids, [.. ids.SelectMany(m => rows[m])]), clock);

        var artifact = ArtifactJson.Parse(json, "credit.json");
        var scorer = new MerchantScorer(artifact, "credit");
        var scores = rows.ToDictionary(r => r.Key, r => scorer.Score(new FeatureRow(r.Value)).Score);
        var (policyText, policy) = TestPolicy(scores, editPolicy);
        var policyPath = Path.Combine(Path.GetTempPath(), "microcredit-tests", $"policy-{Guid.NewGuid():N}.json");
        Directory.CreateDirectory(Path.GetDirectoryName(policyPath)!);
        await File.WriteAllTextAsync(policyPath, policyText);

        string key;
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            (_, key) = await ApiKeys.CreateAsync(connection, transaction, "test-app", [.. ids.Append(NoSnapshot).Where(m => m != Stranger)], requestsPerMinute, Start);
            await transaction.CommitAsync();
        }

        var factory = NewFactory(database, clock, policyPath, configure);
        return new ApiWorld(database, clock, policyPath, factory, key, policy, scores) { ModelId = ModelRegistry.IdOf(ModelRegistry.CreditKind, json), configure = configure };
    }

    /// <summary>Another instance of the service on the same database, clock and policy, for hosting on Kestrel (browser tests) or as a second instance.</summary>
    public ApiFactory KestrelFactory() => NewFactory(Database, Clock, PolicyPath, configure);

    private static ApiFactory NewFactory(TestDatabase database, TestClock clock, string policyPath, Action<IWebHostBuilder>? configure) =>
        new(database, clock, builder =>
        {
            builder.UseSetting(Decisions.RunningPolicy.ConfigurationKey, policyPath);
            configure?.Invoke(builder);
        });

    /// <summary>POSTs <paramref name="body"/> (an object or raw JSON text) with a fresh or given Idempotency-Key.</summary>
    public async Task<HttpResponseMessage> PostAsync(string path, object body, string? idempotencyKey = null, HttpClient? client = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative))
        {
            Content = body is string text
                ? new StringContent(text, System.Text.Encoding.UTF8, "application/json")
                : JsonContent.Create(body),
        };
        request.Headers.Add("Idempotency-Key", idempotencyKey ?? Guid.NewGuid().ToString());
        return await (client ?? Client).SendAsync(request);
    }

    /// <summary>A client sending a new key of its own for <paramref name="merchants"/>.</summary>
    public async Task<HttpClient> ClientForAsync(string name, params string[] merchants)
    {
        string key;
        await using (var connection = await Database.Database.OpenAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            (_, key) = await ApiKeys.CreateAsync(connection, transaction, name, merchants, ApiKeys.DefaultRequestsPerMinute, Start);
            await transaction.CommitAsync();
        }

        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyAuthentication.Header, key);
        return client;
    }

    public static async Task<JsonObject> JsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    public async Task<long> CountAsync(string table)
    {
        await using var connection = await Database.Database.OpenAsync();
        return await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table}");
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        await Database.DisposeAsync();
        File.Delete(PolicyPath);
    }

    /// <summary>A file of the repository, found by walking up from the test binaries.</summary>
    public static string RepositoryFile(params string[] parts)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Microcredit.slnx")))
            {
                return Path.Combine([directory.FullName, .. parts]);
            }
        }

        throw new InvalidOperationException("Not inside the repository.");
    }

    /// <summary>The shipped policy with three grades: A approves from just below Good's score, R reviews from just below Middling's, E declines.</summary>
    private static (string Text, CreditPolicy Policy) TestPolicy(Dictionary<string, double> scores, Action<JsonObject>? edit)
    {
        var good = Math.Floor(scores[Good] * 100) / 100;
        var middling = Math.Floor(scores[Middling] * 100) / 100;
        if (!(good > middling && middling > scores[Poor]))
        {
            throw new InvalidOperationException($"The cast does not rank as built: good {scores[Good]}, middling {scores[Middling]}, poor {scores[Poor]}.");
        }

        var policy = JsonNode.Parse(PolicyLoader.DefaultText())!.AsObject();
        policy["version"] = "test-1";
        policy["grades"] = new JsonArray(
            Grade("A", good, "approve", 0.0005m, 2.0m, 0.9m),
            Grade("R", middling, "review", 0.0009m, 1.0m, 0.6m),
            Grade("E", 0, "decline", 0m, 0m, 0m));
        edit?.Invoke(policy);
        var text = policy.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        return (text, PolicyLoader.Parse(text, "test policy"));

        static JsonObject Grade(string name, double minScore, string action, decimal rate, decimal multiple, decimal advance) => new()
        {
            ["grade"] = name,
            ["minScore"] = (decimal)minScore,
            ["action"] = action,
            ["dailyRate"] = rate,
            ["lineMultiple"] = multiple,
            ["orderAdvanceRate"] = advance,
        };
    }

    private static Task<int> InsertMerchantsAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction)
    {
        var old = DbTime.ToDb(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var merchants = new[] { Good, Middling, Poor, NoKyc, Newcomer, Idle, Late, Blocked, NoSnapshot, Indebted, Stranger, Pledger }.Select(id => new
        {
            id,
            registered = id == Newcomer ? DbTime.ToDb(Start.AddDays(-30)) : old,
            kyc = id == NoKyc ? 0 : 1,
        });
        return connection.ExecuteAsync(
            "INSERT INTO merchants (merchant_id, registered_at, category, region, kyc_verified) VALUES (@id, @registered, 'apparel', 'east', @kyc)",
            merchants,
            transaction);
    }

    /// <summary>
    /// M_LATE: a 3,000.00 credit loan whose first installment (due 2026-09-20) is unpaid, 43 days
    /// past due at the start. M_OWES: a current 59,800.00 loan, first installment due after the start.
    /// </summary>
    private static async Task InsertLoansAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction)
    {
        await connection.ExecuteAsync(
            """
            INSERT INTO loans (loan_id, merchant_id, product, principal, daily_rate, disbursed_at, maturity_date)
            VALUES (@id, @merchant, 'credit', @principal, 500, @disbursed, @maturity)
            """,
            new[]
            {
                new { id = "L_LATE", merchant = Late, principal = 300_000L, disbursed = DbTime.ToDb(new DateTimeOffset(2026, 8, 20, 0, 0, 0, TimeSpan.Zero)), maturity = "2026-11-20" },
                new { id = "L_OWES", merchant = Indebted, principal = 5_980_000L, disbursed = DbTime.ToDb(new DateTimeOffset(2026, 10, 20, 0, 0, 0, TimeSpan.Zero)), maturity = "2027-01-20" },
            },
            transaction);
        await connection.ExecuteAsync(
            "INSERT INTO installments (loan_id, seq, due_date, principal_due, interest_due) VALUES (@loan, @seq, @due, @principal, @interest)",
            new[]
            {
                new { loan = "L_LATE", seq = 1, due = "2026-09-20", principal = 100_000L, interest = 4_650L },
                new { loan = "L_LATE", seq = 2, due = "2026-10-20", principal = 100_000L, interest = 3_000L },
                new { loan = "L_LATE", seq = 3, due = "2026-11-20", principal = 100_000L, interest = 1_550L },
                new { loan = "L_OWES", seq = 1, due = "2026-11-20", principal = 1_993_333L, interest = 92_690L },
                new { loan = "L_OWES", seq = 2, due = "2026-12-20", principal = 1_993_333L, interest = 59_800L },
                new { loan = "L_OWES", seq = 3, due = "2027-01-20", principal = 1_993_334L, interest = 30_898L },
            },
            transaction);
    }

    /// <summary>
    /// Orders (amounts in cents; "days" before <see cref="Start"/>). M_GOOD: O_PENDING_1 and 2 (20,000 and
    /// 35,050, shipped 5 and 3 days ago), O_SETTLED, O_REFUNDED, O_DISPUTED, O_OLD (shipped 40 days ago),
    /// O_UNSHIPPED. M_MID: O_MID. M_OWES: O_OWES_1, O_OWES_2 (15,000 each). M_PLEDGER: O_PLEDGED,
    /// pledged to platform loan L_PLEDGE.
    /// </summary>
    private static async Task InsertOrdersAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction)
    {
        long Ago(double days) => DbTime.ToDb(Start.AddDays(-days));
        var orders = new[]
        {
            Order("O_PENDING_1", Good, "B1", 20_000, Ago(6), Ago(5), null, null, null),
            Order("O_PENDING_2", Good, "B2", 35_050, Ago(4), Ago(3), null, null, null),
            Order("O_SETTLED", Good, "B3", 10_000, Ago(9), Ago(8), Ago(2), null, null),
            Order("O_REFUNDED", Good, "B4", 10_000, Ago(9), Ago(8), null, Ago(1), null),
            Order("O_DISPUTED", Good, "B5", 10_000, Ago(9), Ago(8), null, null, Ago(1)),
            Order("O_OLD", Good, "B6", 10_000, Ago(41), Ago(40), null, null, null),
            Order("O_UNSHIPPED", Good, "B7", 10_000, Ago(1), null, null, null, null),
            Order("O_MID", Middling, "B8", 10_000, Ago(6), Ago(5), null, null, null),
            Order("O_OWES_1", Indebted, "B9", 15_000, Ago(6), Ago(5), null, null, null),
            Order("O_OWES_2", Indebted, "B10", 15_000, Ago(5), Ago(4), null, null, null),
            Order("O_PLEDGED", Pledger, "B11", 10_000, Ago(6), Ago(5), null, null, null),
        };
        await connection.ExecuteAsync(
            """
            INSERT INTO orders (order_id, merchant_id, buyer_id, amount, created_at, shipped_at, settled_at, refunded_at, refund_amount, disputed_at)
            VALUES (@Id, @Merchant, @Buyer, @Amount, @Created, @Shipped, @Settled, @Refunded, @RefundAmount, @Disputed)
            """,
            orders,
            transaction);
        await connection.ExecuteAsync(
            """
            INSERT INTO loans (loan_id, merchant_id, product, principal, daily_rate, disbursed_at, maturity_date, origin, decision_id)
            VALUES ('L_PLEDGE', @Pledger, 'order', 8000, 500, @disbursed, '2026-12-01', 'platform', NULL)
            """,
            new { Pledger, disbursed = Ago(1) },
            transaction);
        await connection.ExecuteAsync(
            "INSERT INTO loan_pledges (loan_id, order_id, order_amount, advance_amount, collected_at, collected) VALUES ('L_PLEDGE', 'O_PLEDGED', 10000, 8000, NULL, NULL)",
            transaction: transaction);

        static object Order(string id, string merchant, string buyer, long amount, long created, long? shipped, long? settled, long? refunded, long? disputed) =>
            new { Id = id, Merchant = merchant, Buyer = buyer, Amount = amount, Created = created, Shipped = shipped, Settled = settled, Refunded = refunded, RefundAmount = refunded is null ? (long?)null : amount, Disputed = disputed };
    }

    /// <summary>Snapshot rows (catalog order, money in cents) for every merchant but <see cref="NoSnapshot"/>.</summary>
    private static Dictionary<string, double[]> Rows()
    {
        var good = Healthy();
        var rows = new Dictionary<string, double[]>(StringComparer.Ordinal)
        {
            [Good] = good,
            [Middling] = Middling_(),
            [Poor] = Weak(),
            [NoKyc] = good,
            [Newcomer] = With(good, (FeatureId.TenureDays, 30)),
            [Idle] = With(good, (FeatureId.ActiveDays30d, 0), (FeatureId.Orders30d, 0), (FeatureId.Gmv30d, 0), (FeatureId.NetGmv30d, 0)),
            [Late] = good,
            [Blocked] = good,
            [Indebted] = With(good, (FeatureId.OutstandingPrincipal, 5_980_000), (FeatureId.PastLoans, 3)),
            [Stranger] = good,
            [Pledger] = good,
        };
        return rows;
    }

    /// <summary>A steady shop: 60,000.00 gross GMV in 180 days, 3% refunds, no disputes, loans repaid.</summary>
    public static double[] Healthy() => Row(new()
    {
        [FeatureId.TenureDays] = 670,
        [FeatureId.Gmv30d] = 1_000_000, [FeatureId.Gmv90d] = 3_000_000, [FeatureId.Gmv180d] = 6_000_000, [FeatureId.Gmv365d] = 11_500_000,
        [FeatureId.NetGmv30d] = 970_000, [FeatureId.NetGmv90d] = 2_910_000, [FeatureId.NetGmv180d] = 5_820_000, [FeatureId.NetGmv365d] = 11_155_000,
        [FeatureId.Orders30d] = 200, [FeatureId.Orders90d] = 600, [FeatureId.Orders180d] = 1_200, [FeatureId.Orders365d] = 2_300,
        [FeatureId.Aov30d] = 5_000, [FeatureId.Aov90d] = 5_000, [FeatureId.Aov180d] = 5_000, [FeatureId.Aov365d] = 5_000,
        [FeatureId.ActiveDays30d] = 30, [FeatureId.ActiveDays90d] = 89, [FeatureId.ActiveDays180d] = 177, [FeatureId.ActiveDays365d] = 350,
        [FeatureId.GmvGrowth90d] = 0.08, [FeatureId.GmvYoy90d] = 0.15, [FeatureId.GmvMonthlyCv180d] = 0.08,
        [FeatureId.RefundRate90d] = 0.02, [FeatureId.RefundAmountRate90d] = 0.02, [FeatureId.DisputeRate90d] = 0, [FeatureId.DisputeAmountRate90d] = 0,
        [FeatureId.SettleDelayMedian90d] = 4, [FeatureId.SettleDelayP90Of90d] = 7,
        [FeatureId.Buyers180d] = 900, [FeatureId.Top5BuyerShare180d] = 0.02, [FeatureId.BuyerHhi180d] = 0.0015, [FeatureId.RepeatBuyerRate180d] = 0.3,
        [FeatureId.OrdersPerBuyer30d] = 1.1, [FeatureId.MaxBuyerDayOrders90d] = 2, [FeatureId.RefundSurge30d] = 1.0,
        [FeatureId.PendingOrderValue] = 300_000, [FeatureId.PendingOrders] = 60,
        [FeatureId.PastLoans] = 2, [FeatureId.WorstDpdEver] = 0, [FeatureId.WorstDpd180d] = 0, [FeatureId.OutstandingPrincipal] = 0, [FeatureId.RepaidPrincipalShare] = 1,
    });

    private static double[] Middling_() => With(Healthy(),
        (FeatureId.RefundRate90d, 0.08), (FeatureId.RefundAmountRate90d, 0.08), (FeatureId.DisputeRate90d, 0.01), (FeatureId.DisputeAmountRate90d, 0.01),
        (FeatureId.GmvGrowth90d, -0.1), (FeatureId.GmvYoy90d, -0.05), (FeatureId.OrdersPerBuyer30d, 1.4), (FeatureId.RefundSurge30d, 1.5),
        (FeatureId.SettleDelayMedian90d, 6), (FeatureId.PastLoans, 1));

    private static double[] Weak() => With(Healthy(),
        (FeatureId.TenureDays, 200), (FeatureId.RefundRate90d, 0.3), (FeatureId.RefundAmountRate90d, 0.35), (FeatureId.DisputeRate90d, 0.06), (FeatureId.DisputeAmountRate90d, 0.07),
        (FeatureId.GmvGrowth90d, -0.6), (FeatureId.GmvYoy90d, -0.5), (FeatureId.OrdersPerBuyer30d, 3.5), (FeatureId.RefundSurge30d, 4),
        (FeatureId.SettleDelayMedian90d, 12), (FeatureId.PastLoans, 0), (FeatureId.Gmv90d, 400_000), (FeatureId.NetGmv30d, 90_000), (FeatureId.Aov30d, 1_500));

    private static double[] Row(Dictionary<FeatureId, double> values)
    {
        var row = new double[FeatureCatalog.Count];
        Array.Fill(row, double.NaN);
        foreach (var (feature, value) in values)
        {
            row[(int)feature] = value;
        }

        return row;
    }

    private static double[] With(double[] row, params (FeatureId Feature, double Value)[] changes)
    {
        var copy = (double[])row.Clone();
        foreach (var (feature, value) in changes)
        {
            copy[(int)feature] = value;
        }

        return copy;
    }
}
