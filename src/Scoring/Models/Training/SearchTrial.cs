using System.Text.Json.Serialization;
using Microcredit.Scoring.Models.Trees;

namespace Microcredit.Scoring.Models.Training;

/// <summary>One trial of the model search, as recorded in the artifact (timings are printed, not stored).</summary>
public sealed record SearchTrial(
    int Trial,
    string Trainer,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] GbdtOptions? Gbdt,
    double Auc,
    double LogLoss,
    double Brier,
    bool Chosen);
