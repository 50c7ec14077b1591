using System.CommandLine;
using Microcredit.Jobs.Cli;
using Microcredit.Scoring.Models.Trees;

namespace Microcredit.Jobs.Models;

/// <summary>The <c>credit train</c> options of the gbdt family (XGBoost's meanings) and their parsing into <see cref="GbdtOptions"/>.</summary>
internal sealed class GbdtCliOptions
{
    private readonly GbdtOptions defaults = new();
    private readonly Option<int?> trees = new("--trees") { Description = "Boosting rounds (gbdt; default 300)." };
    private readonly Option<int?> maxDepth = new("--max-depth") { Description = "Maximum tree depth (gbdt; default 4)." };
    private readonly Option<int?> maxLeaves = new("--max-leaves") { Description = "Grow leaf-wise up to this many leaves (gbdt; default 0 = depth-wise)." };
    private readonly Option<double?> learningRate = new("--learning-rate") { Description = "Shrinkage eta (gbdt; default 0.05)." };
    private readonly Option<int?> maxBins = new("--max-bins") { Description = "Histogram bins per feature, at most 256 (gbdt; default 256)." };
    private readonly Option<double?> lambda = new("--lambda") { Description = "L2 penalty on leaf weights (gbdt; default 1)." };
    private readonly Option<double?> alpha = new("--alpha") { Description = "L1 penalty on leaf weights (gbdt; default 0)." };
    private readonly Option<double?> minChildWeight = new("--min-child-weight") { Description = "Minimum hessian sum per child (gbdt; default 1)." };
    private readonly Option<double?> gamma = new("--gamma") { Description = "Minimum loss reduction to split (gbdt; default 0)." };
    private readonly Option<double?> subsample = new("--subsample") { Description = "Share of rows per tree (gbdt; default 1)." };
    private readonly Option<double?> columnSample = new("--colsample") { Description = "Share of features per tree (gbdt; default 1)." };
    private readonly Option<int?> earlyStopping = new("--early-stopping") { Description = "Stop after N rounds without a better held-out log loss (gbdt; default off)." };
    private readonly Option<string?> monotone = new("--monotone") { Description = "Monotone constraints, e.g. GMV_90D=-1,REFUND_RATE_90D=+1 (-1: more never raises the risk)." };
    private readonly Option<int> threads = new("--threads") { Description = "Training threads (gbdt; 0 = all cores; never changes the model).", DefaultValueFactory = _ => 0 };

    /// <summary>The <c>--threads</c> option (also used by the search).</summary>
    public Option<int> Threads => threads;

    public IEnumerable<Option> All => [trees, maxDepth, maxLeaves, learningRate, maxBins, lambda, alpha, minChildWeight, gamma, subsample, columnSample, earlyStopping, monotone, threads];

    public GbdtOptions Read(ParseResult parse)
    {
        var options = new GbdtOptions
        {
            Trees = parse.GetValue(trees) ?? defaults.Trees,
            MaxDepth = parse.GetValue(maxDepth) ?? defaults.MaxDepth,
            MaxLeaves = parse.GetValue(maxLeaves) ?? defaults.MaxLeaves,
            LearningRate = parse.GetValue(learningRate) ?? defaults.LearningRate,
            MaxBins = parse.GetValue(maxBins) ?? defaults.MaxBins,
            Lambda = parse.GetValue(lambda) ?? defaults.Lambda,
            Alpha = parse.GetValue(alpha) ?? defaults.Alpha,
            MinChildWeight = parse.GetValue(minChildWeight) ?? defaults.MinChildWeight,
            Gamma = parse.GetValue(gamma) ?? defaults.Gamma,
            Subsample = parse.GetValue(subsample) ?? defaults.Subsample,
            ColumnSample = parse.GetValue(columnSample) ?? defaults.ColumnSample,
            EarlyStoppingRounds = parse.GetValue(earlyStopping) ?? defaults.EarlyStoppingRounds,
            Monotone = Monotone(parse.GetValue(monotone)),
            Threads = parse.GetValue(threads),
        };
        var results = new List<System.ComponentModel.DataAnnotations.ValidationResult>();
        if (!System.ComponentModel.DataAnnotations.Validator.TryValidateObject(options, new(options), results, validateAllProperties: true))
        {
            throw CliException.Usage(string.Join(" ", results.Select(r => r.ErrorMessage)));
        }

        return options;
    }

    /// <summary>Whether any gbdt-only option was given (an error with the scorecard).</summary>
    public bool AnyGiven(ParseResult parse) => All.Any(o => o != threads && parse.GetResult(o) is { Implicit: false });

    private static SortedDictionary<string, int> Monotone(string? list)
    {
        var result = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in ModelCli.Names(list))
        {
            var at = item.IndexOf('=', StringComparison.Ordinal);
            var direction = at > 0 ? item[(at + 1)..].Trim() : "";
            result[at > 0 ? item[..at].Trim() : item] = direction switch
            {
                "+1" or "1" => 1,
                "-1" => -1,
                _ => throw CliException.Usage($"--monotone '{item}': expected COLUMN=+1 or COLUMN=-1."),
            };
        }

        return result;
    }
}
