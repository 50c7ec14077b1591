using System.ComponentModel.DataAnnotations;
using Microcredit.Scoring.Models.Calibration;
using Microcredit.Scoring.Models.Scorecard;

namespace Microcredit.Scoring.Models.Training;

/// <summary>What to train and how to validate it. Recorded in the artifact (paths reduced to file names).</summary>
public sealed record TrainingOptions
{
    public required string Target { get; init; }

    /// <summary>The model family: <c>scorecard</c> or <c>gbdt</c>.</summary>
    public string Trainer { get; init; } = "scorecard";

    /// <summary>Validate on the folds given by this column (each value once the test fold).</summary>
    public string? FoldColumn { get; init; }

    /// <summary>Without folds: validate out of time on the latest <see cref="OutOfTimeShare"/> of rows by this column.</summary>
    public string? TimeColumn { get; init; }

    [Range(0.05, 0.5)]
    public double OutOfTimeShare { get; init; } = 0.2;

    /// <summary>Without folds or time: stratified cross-validation with this many folds.</summary>
    [Range(2, 20)]
    public int Folds { get; init; } = 5;

    public int Seed { get; init; } = 42;

    public CalibrationMethod Calibration { get; init; } = CalibrationMethod.Platt;

    /// <summary>Columns left out besides the target, fold and time columns and identifier-like ones.</summary>
    public IReadOnlyList<string> Ignore { get; init; } = [];

    /// <summary>The file name of the hand-made binning, when one was given.</summary>
    public string? BinningFile { get; init; }

    public ScorecardOptions Scorecard { get; init; } = new();

    /// <summary>Settings of the <c>gbdt</c> family; null for a scorecard.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public Trees.GbdtOptions? Gbdt { get; init; }
}
