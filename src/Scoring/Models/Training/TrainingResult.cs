using Microcredit.Scoring.Models.Artifacts;
using Microcredit.Scoring.Models.Binning;

namespace Microcredit.Scoring.Models.Training;

/// <summary>The artifact and the final fit's binning of every candidate feature (the binning file written beside the model).</summary>
public sealed record TrainingResult(ModelArtifact Artifact, IReadOnlyList<FeatureBinning> Binnings);
