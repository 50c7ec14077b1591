using System.Text.Json.Nodes;
using Dapper;
using Microcredit.Scoring.Platform;
using Microcredit.Scoring.Registry;
using Microcredit.Scoring.Storage;
using Microcredit.Underwriting.Dashboard.Officers;
using Microcredit.Underwriting.Tests.Api;

namespace Microcredit.Underwriting.Tests.Dashboard;

/// <summary>
/// What the portfolio, models and jobs pages show, laid over an <see cref="ApiWorld"/> with
/// figures small enough to check by hand (the expectations are in the comments and the tests):
/// decisions made through the API on three known days, a servicing run's rows for eight loans of
/// known days past due, two frozen lines, a challenger with an out-of-time evaluation, three
/// monitoring dates, and a few job runs and a run request. The clock ends at <see cref="Today"/>.
/// </summary>
public static class DashboardData
{
    public const string Officer = "chen";
    public const string Supervisor = "li.wei";
    public const string OfficerPassword = "twelve chars ok";
    public const string SupervisorPassword = "supervisor secret";

    /// <summary>The clock's date when the pages are read.</summary>
    public static readonly DateOnly Today = new(2026, 11, 4);

    /// <summary>The servicing date of the loan rows.</summary>
    public const string BookDate = "2026-11-01";

    /// <summary>The id of the challenger: the shipped credit model's bytes with a newline more (a distinct id, the same model).</summary>
    public static string ChallengerId => ModelRegistry.IdOf(ModelRegistry.CreditKind, ChallengerJson());

    /// <summary>
    /// Decisions (outcome by ApiWorld's policy: M_GOOD approves, M_MID is referred, M_POOR declines):
    /// 2026-11-02: credit M_GOOD ×2, M_POOR, M_MID; 2026-11-03: credit M_MID, order M_GOOD;
    /// 2026-11-04: credit M_POOR ×2. So per day (approved, declined, referred): 11-02 (2, 1, 1),
    /// 11-03 (1, 0, 1) of which the approval is the order loan, 11-04 (0, 2, 0).
    /// </summary>
    public static async Task SeedAsync(ApiWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        await DashboardSession.CreateOfficerAsync(world.Database.Database, Officer, OfficerRoles.Officer, OfficerPassword, ApiWorld.Start);
        await DashboardSession.CreateOfficerAsync(world.Database.Database, Supervisor, OfficerRoles.Supervisor, SupervisorPassword, ApiWorld.Start);

        var days = new (DateTimeOffset At, (string Path, object Body, string Outcome)[] Requests)[]
        {
            (new(2026, 11, 2, 10, 0, 0, TimeSpan.Zero), [Credit(ApiWorld.Good, "approved"), Credit(ApiWorld.Good, "approved"), Credit(ApiWorld.Poor, "declined"), Credit(ApiWorld.Middling, "review")]),
            (new(2026, 11, 3, 9, 30, 0, TimeSpan.Zero), [Credit(ApiWorld.Middling, "review"), ("/v1/order-loans/decisions", new { merchantId = ApiWorld.Good, orderIds = new[] { "O_PENDING_1" } }, "approved")]),
            (new(2026, 11, 4, 8, 15, 0, TimeSpan.Zero), [Credit(ApiWorld.Poor, "declined"), Credit(ApiWorld.Poor, "declined")]),
        };
        foreach (var (at, requests) in days)
        {
            world.Clock.Set(at);
            foreach (var (path, body, outcome) in requests)
            {
                var response = await ApiWorld.JsonAsync(await world.PostAsync(path, body));
                if ((string?)response["outcome"] != outcome)
                {
                    throw new InvalidOperationException($"The fixture expects {outcome} for {path} {System.Text.Json.JsonSerializer.Serialize(body)}: {response.ToJsonString()}");
                }
            }
        }

        await using var connection = await world.Database.Database.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await InsertBookAsync(connection, transaction);
        await InsertOffersAsync(connection, transaction);
        await InsertModelsAsync(connection, transaction, world.ModelId);
        await InsertJobsAsync(connection, transaction);
        await transaction.CommitAsync();
    }

    private static (string, object, string) Credit(string merchant, string outcome) =>
        ("/v1/credit-loans/decisions", new { merchantId = merchant, requestedAmount = 800m, termMonths = 3 }, outcome);

    /// <summary>
    /// Eight loans serviced as of 2026-11-01 (principal outstanding in cents; first day 30+ DPD):
    /// V1 credit 2026-05-10 current 100,000; V2 credit 2026-05-20 late 45 DPD (30-59) 200,000, 2026-09-15;
    /// V3 credit 2026-06-05 late 10 DPD (1-29) 50,000; V4 credit 2026-06-15 late 95 DPD (90+) 300,000, 2026-08-20;
    /// V5 credit 2026-05-02 repaid, 2026-07-10; V6 credit 2026-04-01 written off 200 DPD 150,000, 2026-06-01;
    /// V7 order 2026-10-20 current 80,000; V8 order 2026-09-01 late 70 DPD (60-89) 40,000, 2026-10-01.
    /// V2 and V8 are M_POOR's; portfolio_summary for 2026-10-25 and 2026-11-01.
    /// </summary>
    private static async Task InsertBookAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction)
    {
        var loans = new[]
        {
            Loan("V1", "M_GOOD", "credit", "2026-05-10", "current", 0, "current", 100_000, null),
            Loan("V2", ApiWorld.Poor, "credit", "2026-05-20", "late", 45, "30-59", 200_000, "2026-09-15"),
            Loan("V3", "M_GOOD", "credit", "2026-06-05", "late", 10, "1-29", 50_000, null),
            Loan("V4", "M_MID", "credit", "2026-06-15", "late", 95, "90+", 300_000, "2026-08-20"),
            Loan("V5", "M_MID", "credit", "2026-05-02", "repaid", 0, "current", 0, "2026-07-10"),
            Loan("V6", "M_NOKYC", "credit", "2026-04-01", "written_off", 200, "90+", 150_000, "2026-06-01"),
            Loan("V7", "M_GOOD", "order", "2026-10-20", "current", 0, "current", 80_000, null),
            Loan("V8", ApiWorld.Poor, "order", "2026-09-01", "late", 70, "60-89", 40_000, "2026-10-01"),
        };
        await connection.ExecuteAsync(
            """
            INSERT INTO loans (loan_id, merchant_id, product, principal, daily_rate, disbursed_at, maturity_date)
            VALUES (@LoanId, @MerchantId, @Product, 500000, 500, @DisbursedAt, '2027-01-01')
            """,
            loans,
            transaction);
        await connection.ExecuteAsync(
            """
            INSERT INTO loan_servicing (as_of, loan_id, merchant_id, origin, product, status, days_past_due, bucket,
                principal_outstanding, interest_outstanding, penalty_accrued, penalty_outstanding, total_outstanding, disbursed_on, first_dpd30_on)
            VALUES (@AsOf, @LoanId, @MerchantId, 'import', @Product, @Status, @Dpd, @Bucket, @Principal, 0, 0, 0, @Principal, @DisbursedOn, @First)
            """,
            loans,
            transaction);
        await connection.ExecuteAsync(
            """
            INSERT INTO portfolio_summary (as_of, bucket, loans, principal_outstanding, total_outstanding)
            VALUES (@AsOf, @Bucket, @Loans, @Principal, @Principal)
            """,
            new[]
            {
                Summary("2026-10-25", "current", 2, 190_000), Summary("2026-10-25", "1-29", 2, 260_000), Summary("2026-10-25", "30-59", 0, 0),
                Summary("2026-10-25", "60-89", 1, 300_000), Summary("2026-10-25", "90+", 0, 0),
                Summary(BookDate, "current", 2, 180_000), Summary(BookDate, "1-29", 1, 50_000), Summary(BookDate, "30-59", 1, 200_000),
                Summary(BookDate, "60-89", 1, 40_000), Summary(BookDate, "90+", 1, 300_000),
            },
            transaction);

        static object Loan(string id, string merchant, string product, string disbursed, string status, int dpd, string bucket, long principal, string? first) => new
        {
            AsOf = BookDate,
            LoanId = id,
            MerchantId = merchant,
            Product = product,
            DisbursedAt = DbTime.StartOf(DbTime.DateFromDb(disbursed)) + 36_000_000,
            DisbursedOn = disbursed,
            Status = status,
            Dpd = (long)dpd,
            Bucket = bucket,
            Principal = principal,
            First = first,
        };

        static object Summary(string asOf, string bucket, long loans, long principal) => new { AsOf = asOf, Bucket = bucket, Loans = loans, Principal = principal };
    }

    /// <summary>M_POOR frozen by the early warning on 2026-11-01 02:00 UTC; M_LATE frozen by hand on 2026-10-30 15:00 UTC; M_GOOD not frozen.</summary>
    private static async Task InsertOffersAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction)
    {
        await connection.ExecuteAsync(
            """
            INSERT INTO offers (merchant_id, as_of, model_id, policy_version, score, pd, risk_grade, action, credit_limit, daily_rate,
                order_advance_rate, reasons, computed_at, valid_until, frozen_at, frozen_reason)
            VALUES (@Merchant, '2026-11-01', 'credit-x', 'test-1', 600, 0.05, @Grade, 'approve', @Limit, 500, 900000, '[]', 0, 0, @FrozenAt, @Reason)
            """,
            new[]
            {
                new { Merchant = ApiWorld.Good, Grade = "A", Limit = 2_000_000L, FrozenAt = (long?)null, Reason = (string?)null },
                new { Merchant = ApiWorld.Poor, Grade = "E", Limit = 0L, FrozenAt = (long?)DbTime.ToDb(new DateTimeOffset(2026, 11, 1, 2, 0, 0, TimeSpan.Zero)), Reason = (string?)"EARLY_WARNING: GMV_DROP: 30-day GMV 100.00 is below 50% of the prior 90 days' monthly average 900.00" },
                new { Merchant = ApiWorld.Late, Grade = "R", Limit = 300_000L, FrozenAt = (long?)DbTime.ToDb(new DateTimeOffset(2026, 10, 30, 15, 0, 0, TimeSpan.Zero)), Reason = (string?)"manual: documents under review" },
            },
            transaction);
    }

    /// <summary>
    /// The challenger (registered 2026-11-02 11:00) with an out-of-time evaluation (AUC 0.7012, KS 0.3344 on
    /// 2026-02-01..2026-05-01); monitoring of the champion on 2026-10-18, 10-25 and 11-01 (score PSI 0.0512,
    /// 0.0833, 0.1931; on 11-01 also GMV_YOY_90D 1.4550 and matured AUC 0.6220, KS 0.2620) and one alert.
    /// </summary>
    private static async Task InsertModelsAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, string champion)
    {
        var challenger = await ModelRegistry.RegisterAsync(
            connection, transaction, ModelRegistry.CreditKind, ChallengerJson(), "retrain 2026-11-01", new DateTimeOffset(2026, 11, 2, 11, 0, 0, TimeSpan.Zero));
        await connection.ExecuteAsync(
            """
            INSERT INTO model_evaluations (as_of, role, model_id, train_from, train_to, train_loans, eval_from, eval_to, eval_loans, eval_defaults, auc, ks, promoted)
            VALUES ('2026-11-01', 'challenger', @challenger, '2024-11-01', '2026-02-01', 2900, '2026-02-01', '2026-05-01', 390, 22, 0.7012, 0.3344, 0)
            """,
            new { challenger },
            transaction);
        await connection.ExecuteAsync(
            """
            INSERT INTO monitoring_results (as_of, model_id, metric, subject, value, sample_size, detail)
            VALUES (@AsOf, @Model, @Metric, @Subject, @Value, @Sample, @Detail)
            """,
            new[]
            {
                Point("2026-10-18", champion, "psi", "score", 0.0512, 990),
                Point("2026-10-25", champion, "psi", "score", 0.0833, 995),
                Point("2026-11-01", champion, "psi", "score", 0.1931, 998),
                Point("2026-11-01", champion, "psi", "GMV_YOY_90D", 1.4550, 998),
                Point("2026-11-01", champion, "auc", "matured", 0.6220, 395),
                Point("2026-11-01", champion, "ks", "matured", 0.2620, 395),
            },
            transaction);
        await connection.ExecuteAsync(
            "INSERT INTO alerts (as_of, kind, subject, value, threshold, message) VALUES ('2026-11-01', 'psi', 'GMV_YOY_90D', 1.455, 0.25, 'PSI of GMV_YOY_90D is 1.455, above 0.25.')",
            transaction: transaction);

        static object Point(string asOf, string model, string metric, string subject, double value, long sample) =>
            new { AsOf = asOf, Model = model, Metric = metric, Subject = subject, Value = value, Sample = sample, Detail = "snapshot 2026-11-01, active merchants" };
    }

    /// <summary>
    /// features: 2026-11-01 attempt 1 failed (IOException: disk full) at 01:00:00, attempt 2 succeeded
    /// 01:01:00–01:01:42.500 with 2,000 rows; servicing 2026-11-01 succeeded 03:00:00–03:00:03 with
    /// 6,762 rows; a pending request of monitoring by li.wei.
    /// </summary>
    private static async Task InsertJobsAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction)
    {
        long At(int hour, int minute, int second, int ms = 0) => DbTime.ToDb(new DateTimeOffset(2026, 11, 1, hour, minute, second, ms, TimeSpan.Zero));
        await connection.ExecuteAsync(
            """
            INSERT INTO job_runs (run_id, job, as_of, started_at, finished_at, status, attempt, rows, error, worker)
            VALUES (@Id, @Job, '2026-11-01', @Started, @Finished, @Status, @Attempt, @Rows, @Error, @Worker)
            """,
            new[]
            {
                new { Id = "run_F1", Job = "features", Started = At(1, 0, 0), Finished = At(1, 0, 5), Status = "failed", Attempt = 1, Rows = (long?)null, Error = (string?)"IOException: disk full", Worker = "worker-1" },
                new { Id = "run_F2", Job = "features", Started = At(1, 1, 0), Finished = At(1, 1, 42, 500), Status = "succeeded", Attempt = 2, Rows = (long?)2000, Error = (string?)null, Worker = "worker-1" },
                new { Id = "run_S1", Job = "servicing", Started = At(3, 0, 0), Finished = At(3, 0, 3), Status = "succeeded", Attempt = 1, Rows = (long?)6762, Error = (string?)null, Worker = "worker-2" },
            },
            transaction);
        await JobRequests.AddAsync(connection, transaction, JobCatalog.Monitoring.Name, null, Supervisor, new DateTimeOffset(2026, 11, 4, 7, 0, 0, TimeSpan.Zero));
    }

    private static string ChallengerJson() => File.ReadAllText(ApiWorld.RepositoryFile("models", "credit.json")) + "\n";

    /// <summary>The shipped credit model's validation figures, read from its JSON (the expectations of the models page).</summary>
    public static (double Auc, double Ks, double Brier) ShippedValidation()
    {
        var validation = JsonNode.Parse(File.ReadAllText(ApiWorld.RepositoryFile("models", "credit.json")))!["validation"]!;
        return ((double)validation["auc"]!, (double)validation["pooled"]!["ks"]!, (double)validation["pooled"]!["brier"]!);
    }
}
