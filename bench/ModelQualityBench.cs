using System.Diagnostics;
using System.Globalization;
using Microcredit.Scoring.Models.Data;
using Microcredit.Scoring.Models.Training;

namespace Microcredit.Bench;

/// <summary>
/// Scorecard cross-validated AUC on the given folds of every shared data set, beside the
/// scikit-learn logistic-regression reference from ../shared/datasets/README.md.
/// </summary>
internal static class ModelQualityBench
{
    public static readonly (string File, string Categorical, double ReferenceLr)[] DataSets =
    [
        ("german.csv", "", 0.7861),
        ("credit_data.csv", "", 0.8313),
        ("taiwan.csv", "SEX,EDUCATION,MARRIAGE", 0.7241),
        ("lending_club_2016q1.csv", "", 0.7334),
    ];

    public static Task<int> RunAsync(string[] args)
    {
        var directory = args.Length > 0 ? args[0] : FindDataSets();
        Console.WriteLine($"{"data set",-26} {"rows",7} {"features",8} {"scorecard AUC",13} {"reference LR",12} {"difference",10} {"bar (LR-0.01)",13} {"seconds",8}");
        var failed = 0;
        foreach (var (file, categorical, reference) in DataSets)
        {
            var clock = Stopwatch.StartNew();
            var data = ReadDataSet(directory, file, categorical);
            var result = ModelTrainer.Train(data, "", new TrainingOptions { Target = "default", FoldColumn = "fold" });
            var auc = result.Artifact.Validation.Auc;
            var pass = auc >= reference - 0.01;
            failed += pass ? 0 : 1;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{file,-26} {data.RowCount,7} {result.Artifact.Schema.Features.Count,8} {auc,13:0.0000} {reference,12:0.0000} {auc - reference,10:+0.0000;-0.0000} {(pass ? "pass" : "FAIL"),13} {clock.Elapsed.TotalSeconds,8:0.0}"));
        }

        return Task.FromResult(failed == 0 ? 0 : 1);
    }

    /// <summary>Reads shared data set <paramref name="file"/> from <paramref name="directory"/>, <paramref name="categorical"/> a comma-separated list of its categorical columns.</summary>
    public static TabularData ReadDataSet(string directory, string file, string categorical) =>
        CsvTabularReader.Read(Path.Combine(directory, file), new CsvReadOptions
        {
            Categorical = categorical.Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal),
        });

    public static string FindDataSets()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "..", "shared", "datasets");
            if (File.Exists(Path.Combine(dir.FullName, "Microcredit.slnx")) && Directory.Exists(candidate))
            {
                return Path.GetFullPath(candidate);
            }
        }

        throw new DirectoryNotFoundException("No ../shared/datasets beside the repository root.");
    }
}
