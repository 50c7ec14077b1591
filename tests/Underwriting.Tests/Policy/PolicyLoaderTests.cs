using System.Text.Json.Nodes;
using Microcredit.Scoring.Money;
using Microcredit.Underwriting.Policy;

namespace Microcredit.Underwriting.Tests.Policy;

public class PolicyLoaderTests
{
    [Fact]
    public void LoadDefault_ShippedPolicy_LoadsAsDocumented()
    {
        var policy = PolicyLoader.LoadDefault();

        Assert.Equal("2026-12.1", policy.Version);
        Assert.Equal(7, policy.ValidityDays);
        Assert.Equal(new HardRules(true, 90, 1, 30, 7), policy.HardRules);
        Assert.Equal(["A", "B", "C", "D", "E"], policy.Grades.Select(g => g.Grade));
        Assert.Equal([600m, 585m, 570m, 555m, 0m], policy.Grades.Select(g => g.MinScore));
        Assert.Equal([PolicyAction.Approve, PolicyAction.Approve, PolicyAction.Approve, PolicyAction.Review, PolicyAction.Decline], policy.Grades.Select(g => g.Action));
        Assert.Equal(new RiskGrade("A", 600m, PolicyAction.Approve, 0.0004m, 2.0m, 0.90m), policy.Grades[0]);
        Assert.Equal([3, 6, 12], policy.CreditLine.TermMonths);
        Assert.Equal(new Money(50_000m), policy.CreditLine.MaxLine);
        Assert.Equal(new ExposureRules(new Money(60_000m)), policy.Exposure);
        Assert.Equal(new OrderLoanRules(30, 30, 0.80m, 0.0001m), policy.OrderLoans);
    }

    [Fact]
    public void Load_FileCopiedBesideTheAssembly_IsTheEmbeddedPolicy()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Policy", PolicyLoader.DefaultFileName);

        var policy = PolicyLoader.Load(path);

        Assert.Equal(PolicyLoader.LoadDefault().Version, policy.Version);
        Assert.Equal(PolicyLoader.LoadDefault().Grades, policy.Grades);
    }

    [Fact]
    public void Load_InvalidFile_NamesThePathGiven()
    {
        var path = Path.Combine(Path.GetTempPath(), $"policy-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, Mutate(p => p["validityDays"] = 0));
        try
        {
            var error = Assert.Throws<PolicyException>(() => PolicyLoader.Load(path));

            Assert.Equal($"{path}: validityDays: 0 is below the minimum 1", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    public static TheoryData<string, string> Errors() => new()
    {
        { Mutate(p => p["grades"]![2]!["dailyRate"] = 0.2), "grades[2].dailyRate: 0.2 is above the maximum 0.01" },
        { Mutate(p => p["grades"]![0]!["dailyRate"] = 0.0001234m), "grades[0].dailyRate: 0.0001234 has more than 6 decimals" },
        { Mutate(p => p["grades"]![0]!["dailyRate"] = -0.001m), "grades[0].dailyRate: -0.001 is below the minimum 0" },
        { Mutate(p => p["grades"]![0]!["dailyRate"] = 0), "grades[0].dailyRate: must be above 0 unless the grade declines" },
        { Mutate(p => p["grades"]![1]!["orderAdvanceRate"] = 1.5m), "grades[1].orderAdvanceRate: 1.5 is above the maximum 1" },
        { Mutate(p => p["grades"]![1]!["lineMultiple"] = 25), "grades[1].lineMultiple: 25 is above the maximum 24" },
        { Mutate(p => p["grades"]![3]!["lineMultiple"] = 1), "grades[3].lineMultiple: must be 0 in a decline grade" },
        { Mutate(p => p["grades"]![3]!["orderAdvanceRate"] = 0.5m), "grades[3].orderAdvanceRate: must be 0 in a decline grade" },
        { Mutate(p => p["grades"]![1]!["minScore"] = 600), "grades[1].minScore: 600 is not below grades[0].minScore 600; list grades best first with strictly decreasing cut-offs" },
        { Mutate(p => p["grades"]![2]!["minScore"] = 650), "grades[2].minScore: 650 is not below grades[1].minScore 550; list grades best first with strictly decreasing cut-offs" },
        { Mutate(p => p["grades"]![1]!["grade"] = "A"), "grades[1].grade: 'A' is already used by grades[0]" },
        { Mutate(p => p["grades"]![0]!["grade"] = " "), "grades[0].grade: must not be empty" },
        { Mutate(p => p["grades"]![0]!["action"] = "accept"), "grades[0].action: 'accept' is not one of approve, review, decline" },
        { Mutate(p => p["grades"]![0]!["colour"] = "green"), "grades[0].colour: unknown field" },
        { Mutate(p => p["grades"]![0]!.AsObject().Remove("minScore")), "grades[0].minScore: missing" },
        { Mutate(p => p["grades"]![0]!["minScore"] = "600"), "grades[0].minScore: expected a number" },
        { Mutate(p => p["grades"] = new JsonObject()), "grades: expected an array" },
        { Mutate(p => p["grades"] = new JsonArray()), "grades: must not be empty" },
        { Mutate(p => p["grades"]![0] = 5), "grades[0]: expected an object" },
        { Mutate(p => p["extra"] = 1), "extra: unknown field" },
        { Mutate(p => p.AsObject().Remove("version")), "version: missing" },
        { Mutate(p => p["version"] = ""), "version: must not be empty" },
        { Mutate(p => p["version"] = 2), "version: expected a string" },
        { Mutate(p => p.AsObject().Remove("exposure")), "exposure: missing" },
        { Mutate(p => p["exposure"] = 5), "exposure: expected an object" },
        { Mutate(p => p["validityDays"] = 91), "validityDays: 91 is above the maximum 90" },
        { Mutate(p => p["hardRules"]!["requireKycVerified"] = "yes"), "hardRules.requireKycVerified: expected true or false" },
        { Mutate(p => p["hardRules"]!["minTenureDays"] = 90.5m), "hardRules.minTenureDays: expected a whole number" },
        { Mutate(p => p["hardRules"]!["minActiveDays30d"] = 31), "hardRules.minActiveDays30d: 31 is above the maximum 30" },
        { Mutate(p => p["hardRules"]!["declineAtDaysPastDue"] = 0), "hardRules.declineAtDaysPastDue: 0 is below the minimum 1" },
        { Mutate(p => p["hardRules"]!.AsObject().Remove("maxSnapshotAgeDays")), "hardRules.maxSnapshotAgeDays: missing" },
        { Mutate(p => p["creditLine"]!.AsObject().Remove("minLine")), "creditLine.minLine: missing" },
        { Mutate(p => p["creditLine"]!["minLine"] = -5), "creditLine.minLine: -5 is negative" },
        { Mutate(p => p["creditLine"]!["minLine"] = 40000.00m), "creditLine.minLine: 40000.00 is above creditLine.maxLine 30000.00" },
        { Mutate(p => p["creditLine"]!["lineStep"] = 0), "creditLine.lineStep: 0 is below the minimum 0.01" },
        { Mutate(p => p["creditLine"]!["maxLine"] = 100.001m), "creditLine.maxLine: 100.001 has more than 2 decimals" },
        { Mutate(p => p["exposure"]!["maxOutstandingPrincipal"] = 100.005m), "exposure.maxOutstandingPrincipal: 100.005 has more than 2 decimals" },
        { Mutate(p => p["exposure"]!["maxOutstandingPrincipal"] = -1m), "exposure.maxOutstandingPrincipal: -1 is negative" },
        { Mutate(p => p["creditLine"]!["termMonths"] = new JsonArray(6, 3)), "creditLine.termMonths[1]: 3 is not above creditLine.termMonths[0] 6; list each term once, ascending" },
        { Mutate(p => p["creditLine"]!["termMonths"] = new JsonArray(3, 3)), "creditLine.termMonths[1]: 3 is not above creditLine.termMonths[0] 3; list each term once, ascending" },
        { Mutate(p => p["creditLine"]!["termMonths"] = new JsonArray()), "creditLine.termMonths: must not be empty" },
        { Mutate(p => p["creditLine"]!["termMonths"] = new JsonArray(1.5m)), "creditLine.termMonths[0]: expected a whole number" },
        { Mutate(p => p["creditLine"]!["termMonths"] = new JsonArray(0)), "creditLine.termMonths[0]: 0 is below the minimum 1" },
        { Mutate(p => p["creditLine"]!["termMonths"] = new JsonArray(3, 121)), "creditLine.termMonths[1]: 121 is above the maximum 120" },
        { Mutate(p => p["orderLoans"]!["minSettleProbability"] = "0.8"), "orderLoans.minSettleProbability: expected a number" },
        { Mutate(p => p["orderLoans"]!["minSettleProbability"] = 1.2m), "orderLoans.minSettleProbability: 1.2 is above the maximum 1" },
        { Mutate(p => p["orderLoans"]!["advanceRateStep"] = 0), "orderLoans.advanceRateStep: 0 is below the minimum 0.000001" },
        { Mutate(p => p["orderLoans"]!["termDays"] = 0), "orderLoans.termDays: 0 is below the minimum 1" },
        { Mutate(p => p["orderLoans"]!["maxShipAgeDays"] = 366), "orderLoans.maxShipAgeDays: 366 is above the maximum 365" },
        { TestPolicy.Json.Replace("\"version\": \"test-1\",", "\"version\": \"test-1\", \"version\": \"test-2\",", StringComparison.Ordinal), "version: appears more than once" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Parse_InvalidPolicy_FailsWithTheFileThePathAndTheProblem(string json, string expected)
    {
        var error = Assert.Throws<PolicyException>(() => PolicyLoader.Parse(json, "policy.json"));

        Assert.Equal($"policy.json: {expected}", error.Message);
        Assert.Equal([error.Message], error.Errors);
    }

    [Fact]
    public void Parse_SeveralProblems_ReportsEveryOneOnItsOwnLine()
    {
        var json = Mutate(p =>
        {
            p["grades"]![2]!["dailyRate"] = 0.2;
            p["creditLine"]!["minLine"] = -5;
        });

        var error = Assert.Throws<PolicyException>(() => PolicyLoader.Parse(json, "policy.json"));

        Assert.Equal(["policy.json: grades[2].dailyRate: 0.2 is above the maximum 0.01", "policy.json: creditLine.minLine: -5 is negative"], error.Errors);
        Assert.Equal(string.Join('\n', error.Errors), error.Message);
    }

    [Fact]
    public void Parse_NotJson_SaysSo()
    {
        var error = Assert.Throws<PolicyException>(() => PolicyLoader.Parse("{ \"version\": ", "policy.json"));

        Assert.StartsWith("policy.json: not valid JSON: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NotAnObject_SaysSo() =>
        Assert.Equal("policy.json: $: expected an object", Assert.Throws<PolicyException>(() => PolicyLoader.Parse("[]", "policy.json")).Message);

    [Fact]
    public void Parse_TestPolicy_ReadsEveryField()
    {
        var policy = TestPolicy.Create();

        Assert.Equal(new RiskGrade("C", 500m, PolicyAction.Review, 0.001m, 0.5m, 0.5m), policy.Grades[2]);
        Assert.Equal(new Money(100m), policy.CreditLine.LineStep);
        Assert.Equal(new Money(500m), policy.CreditLine.MinLine);
        Assert.Equal(new HardRules(true, 90, 1, 30, 3), policy.HardRules);
    }

    private static string Mutate(Action<JsonNode> edit)
    {
        var node = JsonNode.Parse(TestPolicy.Json)!;
        edit(node);
        return node.ToJsonString();
    }
}
