using System.Text.Json;
using Microcredit.Scoring.Money;

namespace Microcredit.Underwriting.Policy;

/// <summary>
/// Loads and validates a credit policy (docs/underwriting.md, "Policy"). Validation is strict:
/// an unknown, missing or repeated field, a value out of range, a rate with more than 6 decimals,
/// money with more than 2 or below 0, grades not best first: each is reported as
/// "<c>file: json.path: problem</c>" and the policy is refused, so a bad file stops the service at
/// start-up rather than mis-pricing loans.
/// </summary>
public static class PolicyLoader
{
    /// <summary>The name of the shipped policy, embedded in this assembly and copied beside it.</summary>
    public const string DefaultFileName = "policy.json";

    private static readonly JsonDocumentOptions Options = new() { CommentHandling = JsonCommentHandling.Skip };

    /// <summary>The policy shipped with this build (src/Underwriting/Policy/policy.json).</summary>
    public static CreditPolicy LoadDefault() => Parse(DefaultText(), DefaultFileName);

    /// <summary>The text of the shipped policy, as embedded in this assembly.</summary>
    public static string DefaultText()
    {
        using var stream = typeof(PolicyLoader).Assembly.GetManifestResourceStream(DefaultFileName)
            ?? throw new InvalidOperationException($"The assembly lacks its embedded {DefaultFileName}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>A policy file; errors name <paramref name="path"/> as given.</summary>
    /// <exception cref="PolicyException">The file is not a valid policy.</exception>
    public static CreditPolicy Load(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>A policy from its JSON text; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="PolicyException">The text is not a valid policy.</exception>
    public static CreditPolicy Parse(string json, string source = DefaultFileName)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, Options);
        }
        catch (JsonException ex)
        {
            throw new PolicyException([$"{source}: not valid JSON: {ex.Message}"]);
        }

        using (document)
        {
            var reader = new PolicyReader(source);
            var policy = Read(reader, document.RootElement);
            if (reader.Errors.Count > 0)
            {
                throw new PolicyException(reader.Errors);
            }

            return policy!;
        }
    }

    private static CreditPolicy? Read(PolicyReader reader, JsonElement root)
    {
        if (!reader.Object(root, "", "version", "validityDays", "hardRules", "grades", "creditLine", "exposure", "orderLoans"))
        {
            return null;
        }

        var version = reader.Text(root, "", "version");
        var validityDays = reader.Whole(root, "", "validityDays", 1, 90);
        var hardRules = ReadHardRules(reader, root);
        var grades = ReadGrades(reader, root);
        var creditLine = ReadCreditLine(reader, root);
        var exposure = reader.Section(root, "", "exposure", "maxOutstandingPrincipal") is { } e
            ? new ExposureRules(reader.Money(e, "exposure", "maxOutstandingPrincipal") ?? default)
            : null;
        var orderLoans = ReadOrderLoans(reader, root);
        return hardRules is null || creditLine is null || exposure is null || orderLoans is null
            ? null
            : new CreditPolicy(version ?? "", validityDays ?? 0, hardRules, grades, creditLine, exposure, orderLoans);
    }

    private static HardRules? ReadHardRules(PolicyReader reader, JsonElement root)
    {
        const string path = "hardRules";
        if (reader.Section(root, "", path, "requireKycVerified", "minTenureDays", "minActiveDays30d", "declineAtDaysPastDue", "maxSnapshotAgeDays") is not { } rules)
        {
            return null;
        }

        return new HardRules(
            reader.Flag(rules, path, "requireKycVerified") ?? true,
            reader.Whole(rules, path, "minTenureDays", 0, 3650) ?? 0,
            reader.Whole(rules, path, "minActiveDays30d", 0, 30) ?? 0,
            reader.Whole(rules, path, "declineAtDaysPastDue", 1, 3650) ?? 0,
            reader.Whole(rules, path, "maxSnapshotAgeDays", 0, 365) ?? 0);
    }

    private static List<RiskGrade> ReadGrades(PolicyReader reader, JsonElement root)
    {
        var grades = new List<RiskGrade>();
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        (decimal Score, string Path)? previous = null;
        foreach (var (item, path) in reader.Items(root, "", "grades"))
        {
            if (!reader.Object(item, path, "grade", "minScore", "action", "dailyRate", "lineMultiple", "orderAdvanceRate"))
            {
                continue;
            }

            var name = reader.Text(item, path, "grade");
            var minScore = reader.Number(item, path, "minScore", -100_000m, 100_000m, 6);
            PolicyAction? action = null;
            if (item.TryGetProperty("action", out var actionElement))
            {
                var text = actionElement.ValueKind == JsonValueKind.String ? actionElement.GetString()! : actionElement.GetRawText();
                action = PolicyActions.Parse(text);
                if (action is null)
                {
                    reader.Error($"{path}.action", $"'{text}' is not one of approve, review, decline");
                }
            }

            var dailyRate = reader.Rate(item, path, "dailyRate", 0m, 0.01m);
            var lineMultiple = reader.Rate(item, path, "lineMultiple", 0m, 24m);
            var advanceRate = reader.Rate(item, path, "orderAdvanceRate", 0m, 1m);
            if (action == PolicyAction.Decline)
            {
                // A decline grade lends nothing; a non-zero figure there would be a silent contradiction.
                if (lineMultiple is not (null or 0))
                {
                    reader.Error($"{path}.lineMultiple", "must be 0 in a decline grade");
                }

                if (advanceRate is not (null or 0))
                {
                    reader.Error($"{path}.orderAdvanceRate", "must be 0 in a decline grade");
                }
            }
            else if (action is not null && dailyRate == 0)
            {
                reader.Error($"{path}.dailyRate", "must be above 0 unless the grade declines");
            }

            if (name is not null && !names.TryAdd(name, path))
            {
                reader.Error($"{path}.grade", $"'{name}' is already used by {names[name]}");
            }

            if (minScore is { } score)
            {
                if (previous is { } better && score >= better.Score)
                {
                    reader.Error(
                        $"{path}.minScore",
                        $"{PolicyReader.Format(score)} is not below {better.Path}.minScore {PolicyReader.Format(better.Score)}; list grades best first with strictly decreasing cut-offs");
                }

                previous = (score, path);
            }

            grades.Add(new RiskGrade(name ?? "", minScore ?? 0m, action ?? PolicyAction.Decline, dailyRate ?? 0m, lineMultiple ?? 0m, advanceRate ?? 0m));
        }

        return grades;
    }

    private static CreditLineRules? ReadCreditLine(PolicyReader reader, JsonElement root)
    {
        const string path = "creditLine";
        if (reader.Section(root, "", path, "lineStep", "minLine", "maxLine", "termMonths") is not { } line)
        {
            return null;
        }

        var step = reader.Money(line, path, "lineStep", min: 0.01m);
        var minLine = reader.Money(line, path, "minLine");
        var maxLine = reader.Money(line, path, "maxLine");
        if (minLine > maxLine)
        {
            reader.Error($"{path}.minLine", $"{minLine} is above {path}.maxLine {maxLine}");
        }

        var terms = new List<int>();
        (int Months, string Path)? previous = null;
        foreach (var (item, itemPath) in reader.Items(line, path, "termMonths"))
        {
            if (reader.Whole(item, itemPath, 1, 120) is not { } months)
            {
                continue;
            }

            if (previous is { } before && months <= before.Months)
            {
                reader.Error(itemPath, $"{months} is not above {before.Path} {before.Months}; list each term once, ascending");
            }

            terms.Add(months);
            previous = (months, itemPath);
        }

        return new CreditLineRules(step ?? default, minLine ?? default, maxLine ?? default, terms);
    }

    private static OrderLoanRules? ReadOrderLoans(PolicyReader reader, JsonElement root)
    {
        const string path = "orderLoans";
        if (reader.Section(root, "", path, "maxShipAgeDays", "termDays", "minSettleProbability", "advanceRateStep") is not { } orders)
        {
            return null;
        }

        return new OrderLoanRules(
            reader.Whole(orders, path, "maxShipAgeDays", 1, 365) ?? 0,
            reader.Whole(orders, path, "termDays", 1, 365) ?? 0,
            reader.Rate(orders, path, "minSettleProbability", 0m, 1m) ?? 0m,
            reader.Rate(orders, path, "advanceRateStep", 0.000001m, 1m) ?? 0m);
    }
}
