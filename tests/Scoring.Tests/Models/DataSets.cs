using Microcredit.Scoring.Models.Data;
using Microcredit.Scoring.Models.Training;

namespace Microcredit.Scoring.Tests.Models;

/// <summary>
/// The shared real data sets (<c>&lt;repo root&gt;/../shared/datasets</c>, as CI lays them out) and
/// models trained on them once per test run, shared by the tests that need one.
/// </summary>
internal static class DataSets
{
    private static readonly Lazy<TrainingResult> GermanModel = new(() => TrainGerman());

    public static string Directory { get; } = Find();

    public static string PathOf(string file) => Path.Combine(Directory, file);

    public static TabularData Read(string file) => CsvTabularReader.Read(PathOf(file));

    /// <summary>The scorecard on german.csv with its given folds, default options.</summary>
    public static TrainingResult German => GermanModel.Value;

    public static TrainingResult TrainGerman() =>
        ModelTrainer.Train(Read("german.csv"), "sha", new TrainingOptions { Target = "default", FoldColumn = "fold" });

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Microcredit.slnx")))
            {
                var candidate = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "datasets"));
                return System.IO.Directory.Exists(candidate)
                    ? candidate
                    : throw new DirectoryNotFoundException($"The shared data sets are expected at {candidate}.");
            }
        }

        throw new DirectoryNotFoundException("No repository root (Microcredit.slnx) above the test binaries.");
    }
}
