using System.Net;
using Microcredit.Scoring.Registry;
using Microcredit.Scoring.Storage;
using Microcredit.Tests;
using Microcredit.Underwriting.Tests.Api;

namespace Microcredit.Underwriting.Tests.Dashboard;

/// <summary>The portfolio, models and jobs pages over HTTP, their figures against the hand-computed ones of <see cref="DashboardData"/>.</summary>
public class DashboardPageTests
{
    [Theory, Engines]
    public async Task Portfolio_prints_decisions_per_day_the_book_by_product_and_bucket_vintages_and_frozen_lines(DatabaseEngine engine)
    {
        await using var world = await ApiWorld.CreateAsync(engine);
        await DashboardData.SeedAsync(world);
        var html = await PageAsync(world, DashboardData.Officer, DashboardData.OfficerPassword, "/portfolio");

        // Decisions: 30 days to 2026-11-04, newest first; (approved, declined, referred, total).
        Assert.Equal(30, PageHtml.RowKeys(html, "decisions-table", "data-day").Count);
        Assert.Equal("2026-11-04", PageHtml.RowKeys(html, "decisions-table", "data-day")[0]);
        Assert.Equal("2026-10-06", PageHtml.RowKeys(html, "decisions-table", "data-day")[^1]);
        Assert.Equal(["2026-11-04", "0", "2", "0", "2"], PageHtml.Row(html, "data-day", "2026-11-04"));
        Assert.Equal(["2026-11-03", "1", "0", "1", "2"], PageHtml.Row(html, "data-day", "2026-11-03"));
        Assert.Equal(["2026-11-02", "2", "1", "1", "4"], PageHtml.Row(html, "data-day", "2026-11-02"));
        Assert.Equal(["2026-11-01", "0", "0", "0", "0"], PageHtml.Row(html, "data-day", "2026-11-01"));
        Assert.Equal(("3", "3", "2"), (PageHtml.ById(html, "total-approved"), PageHtml.ById(html, "total-declined"), PageHtml.ById(html, "total-referred")));
        var chart = PageHtml.Chart(html, "decisions-data");
        Assert.Equal("bar", (string?)chart["type"]);
        Assert.Equal("2026-11-03", (string?)chart["labels"]![28]);
        Assert.Equal([2.0, 1.0, 1.0], chart["datasets"]!.AsArray().Select(d => (double)d!["data"]![27]!));

        // The book as of 2026-11-01: open = current and late loans (V1 V2 V3 V4 V7 V8); V6 is written off, V5 repaid.
        Assert.Equal(("6", "7,700.00 CNY", "76.6%"), (PageHtml.ById(html, "open-loans"), PageHtml.ById(html, "open-principal"), PageHtml.ById(html, "past-due-share")));
        Assert.Equal(["credit", "4", "6,500.00 CNY"], PageHtml.Row(html, "data-product", "credit"));
        Assert.Equal(["order", "2", "1,200.00 CNY"], PageHtml.Row(html, "data-product", "order"));
        Assert.Equal(["written off (not in the book)", "1", "1,500.00 CNY"], PageHtml.Row(html, "data-product", "written-off"));
        Assert.Equal(["current", "1-29", "30-59", "60-89", "90+"], PageHtml.RowKeys(html, "buckets-table", "data-bucket"));
        Assert.Equal(["current", "2", "1,800.00 CNY", "23.4%"], PageHtml.Row(html, "data-bucket", "current"));
        Assert.Equal(["1-29", "1", "500.00 CNY", "6.5%"], PageHtml.Row(html, "data-bucket", "1-29"));
        Assert.Equal(["30-59", "1", "2,000.00 CNY", "26.0%"], PageHtml.Row(html, "data-bucket", "30-59"));
        Assert.Equal(["60-89", "1", "400.00 CNY", "5.2%"], PageHtml.Row(html, "data-bucket", "60-89"));
        Assert.Equal(["90+", "1", "3,000.00 CNY", "39.0%"], PageHtml.Row(html, "data-bucket", "90+"));
        Assert.Equal([7500.0, 7700.0], PageHtml.Chart(html, "history-data")["datasets"]![0]!["data"]!.AsArray().Select(v => (double)v!));

        // Vintages: cohort 2026-05 (V1, V2 at month 4, V5 at month 2), observed to October = month 5.
        Assert.Equal(["2026-10", "2026-09", "2026-06", "2026-05", "2026-04"], PageHtml.RowKeys(html, "vintages-table", "data-cohort"));
        Assert.Equal(["2026-05", "3", "2", "0.0%", "0.0%", "33.3%", "33.3%", "66.7%", "66.7%", "", "", "", "", "", "", ""], PageHtml.Row(html, "data-cohort", "2026-05"));
        Assert.Equal(["2026-06", "2", "1", "0.0%", "0.0%", "50.0%", "50.0%", "50.0%", "", "", "", "", "", "", "", ""], PageHtml.Row(html, "data-cohort", "2026-06"));
        Assert.Equal(["2026-04", "1", "1", "0.0%", "0.0%", "100.0%", "100.0%", "100.0%", "100.0%", "100.0%", "", "", "", "", "", ""], PageHtml.Row(html, "data-cohort", "2026-04"));
        Assert.Equal(["2026-09", "1", "1", "0.0%", "100.0%", "", "", "", "", "", "", "", "", "", "", ""], PageHtml.Row(html, "data-cohort", "2026-09"));
        Assert.Equal(["2026-10", "1", "0", "0.0%", "", "", "", "", "", "", "", "", "", "", "", ""], PageHtml.Row(html, "data-cohort", "2026-10"));
        var vintages = PageHtml.Chart(html, "vintages-data");
        Assert.Equal(["2026-04", "2026-05", "2026-06"], vintages["datasets"]!.AsArray().Select(d => (string)d!["label"]!));
        Assert.Equal(66.67, (double)vintages["datasets"]![1]!["data"]![4]!);
        Assert.Null(vintages["datasets"]![1]!["data"]![6]);

        // Frozen lines, newest first; M_POOR owes V2 + V8.
        Assert.Equal("2", PageHtml.ById(html, "frozen-total"));
        Assert.Equal([ApiWorld.Poor, ApiWorld.Late], PageHtml.RowKeys(html, "frozen-table", "data-merchant"));
        Assert.Equal(
            [ApiWorld.Poor, "2026-11-01 02:00 UTC", "early warning", "EARLY_WARNING: GMV_DROP: 30-day GMV 100.00 is below 50% of the prior 90 days' monthly average 900.00", "0.00 CNY", "2,400.00 CNY"],
            PageHtml.Row(html, "data-merchant", ApiWorld.Poor));
        Assert.Equal([ApiWorld.Late, "2026-10-30 15:00 UTC", "manual", "manual: documents under review", "3,000.00 CNY", "0.00 CNY"], PageHtml.Row(html, "data-merchant", ApiWorld.Late));
    }

    [Theory, Engines]
    public async Task Portfolio_filtered_to_credit_loans_counts_only_them(DatabaseEngine engine)
    {
        await using var world = await ApiWorld.CreateAsync(engine);
        await DashboardData.SeedAsync(world);
        var html = await PageAsync(world, DashboardData.Officer, DashboardData.OfficerPassword, "/portfolio?days=60&product=credit");

        Assert.Equal(60, PageHtml.RowKeys(html, "decisions-table", "data-day").Count);
        Assert.Equal(["2026-11-03", "0", "0", "1", "1"], PageHtml.Row(html, "data-day", "2026-11-03"));
        Assert.Equal(("2", "3", "2"), (PageHtml.ById(html, "total-approved"), PageHtml.ById(html, "total-declined"), PageHtml.ById(html, "total-referred")));
        Assert.Equal(["credit"], PageHtml.RowKeys(html, "products-table", "data-product").Where(p => p != "written-off"));
        Assert.Equal(("4", "6,500.00 CNY"), (PageHtml.ById(html, "open-loans"), PageHtml.ById(html, "open-principal")));
        Assert.Equal(["current", "1", "1,000.00 CNY", "15.4%"], PageHtml.Row(html, "data-bucket", "current"));
        Assert.Equal(["60-89", "0", "0.00 CNY", "0.0%"], PageHtml.Row(html, "data-bucket", "60-89"));
        Assert.Equal(["2026-06", "2026-05", "2026-04"], PageHtml.RowKeys(html, "vintages-table", "data-cohort"));
    }

    [Theory, Engines]
    public async Task Models_prints_champion_and_challenger_with_their_metrics_the_psi_over_time_and_the_promotions(DatabaseEngine engine)
    {
        await using var world = await ApiWorld.CreateAsync(engine);
        await DashboardData.SeedAsync(world);
        var html = await PageAsync(world, DashboardData.Officer, DashboardData.OfficerPassword, "/models");
        var (auc, ks, brier) = DashboardData.ShippedValidation();
        static string F(double v) => v.ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(
            [world.ModelId, "champion", "scorecard", "credit.json", "2026-11-02 10:00 UTC", F(auc), F(ks), F(brier), "", "", ""],
            PageHtml.Row(html, "data-model", world.ModelId));
        Assert.Equal(
            [DashboardData.ChallengerId, "challenger", "scorecard", "retrain 2026-11-01", "2026-11-02 11:00 UTC", F(auc), F(ks), F(brier), "0.7012", "0.3344", "2026-02-01..2026-05-01"],
            PageHtml.Row(html, "data-model", DashboardData.ChallengerId));
        Assert.Contains(">settlement-", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td>2026-11-02 10:00 UTC</td><td>" + world.ModelId + "</td><td>test</td></tr>", html, StringComparison.Ordinal);

        var psi = PageHtml.Chart(html, "psi-data");
        Assert.Equal(["2026-10-18", "2026-10-25", "2026-11-01"], psi["labels"]!.AsArray().Select(l => (string)l!));
        Assert.Equal(world.ModelId, (string?)psi["datasets"]![0]!["label"]);
        Assert.Equal([0.0512, 0.0833, 0.1931], psi["datasets"]![0]!["data"]!.AsArray().Select(v => (double)v!));
        var matured = PageHtml.Chart(html, "matured-data");
        Assert.Equal(["AUC " + world.ModelId, "KS " + world.ModelId], matured["datasets"]!.AsArray().Select(d => (string)d!["label"]!));
        Assert.Equal([null, null, 0.622], matured["datasets"]![0]!["data"]!.AsArray().Select(v => (double?)v));
        Assert.Equal(["GMV_YOY_90D", "score"], PageHtml.RowKeys(html, "latest-psi-table", "data-subject"));
        Assert.Equal(["GMV_YOY_90D", "1.4550", "998"], PageHtml.Row(html, "data-subject", "GMV_YOY_90D"));
        Assert.Contains("PSI of GMV_YOY_90D is 1.455, above 0.25.", html, StringComparison.Ordinal);
    }

    [Theory, Engines]
    public async Task Jobs_prints_every_job_with_its_last_run_the_failures_with_their_errors_and_the_requests(DatabaseEngine engine)
    {
        await using var world = await ApiWorld.CreateAsync(engine);
        await DashboardData.SeedAsync(world);
        var html = await PageAsync(world, DashboardData.Officer, DashboardData.OfficerPassword, "/jobs");

        Assert.Equal(["ingest", "features", "score-and-offers", "servicing", "monitoring", "retrain"], PageHtml.RowKeys(html, "jobs-table", "data-job"));
        Assert.Equal(
            ["features", "Computes every merchant's feature snapshot as of the day.", "0 0 1 * * ?", "", "succeeded attempt 2", "2026-11-01", "2026-11-01 01:01 UTC", "42.5 s", "2,000"],
            PageHtml.Row(html, "data-job", "features"));
        Assert.Equal(["servicing", "3.0 s", "6,762"], PageHtml.Row(html, "data-job", "servicing").Where((_, i) => i is 0 or 7 or 8));
        Assert.Equal("never", PageHtml.Row(html, "data-job", "ingest")[4]);
        Assert.Equal(["run_F1"], PageHtml.RowKeys(html, "failures-table", "data-run"));
        Assert.Equal(["features", "2026-11-01", "2026-11-01 01:00 UTC", "1", "worker-1", "IOException: disk full"], PageHtml.Row(html, "data-run", "run_F1"));
        var request = Assert.Single(PageHtml.RowKeys(html, "requests-table", "data-request"));
        Assert.Equal([request, "monitoring", "today", "2026-11-04 07:00 UTC", DashboardData.Supervisor, "pending", "", "", "", ""], PageHtml.Row(html, "data-request", request));
        var durations = PageHtml.Chart(html, "durations-data");
        Assert.Equal([null, 42.5, null, 3.0, null, null], durations["datasets"]![0]!["data"]!.AsArray().Select(v => (double?)v));
    }

    /// <summary>Signs in and GETs <paramref name="path"/>, which must answer 200.</summary>
    internal static async Task<string> PageAsync(ApiWorld world, string officer, string password, string path)
    {
        using var session = DashboardSession.Open(world.Factory);
        await session.SignInAsync(officer, password);
        var response = await session.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {html}");
        return html;
    }
}
