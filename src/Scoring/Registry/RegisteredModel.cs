using Microcredit.Scoring.Models.Artifacts;

namespace Microcredit.Scoring.Registry;

/// <summary>A model from the registry: its id and kind, the artifact, and its compiled scorer (thread-safe).</summary>
public sealed record RegisteredModel(string ModelId, string Kind, ModelArtifact Artifact, Models.Scoring.ModelScorer Scorer)
{
    internal static RegisteredModel From(string modelId, string kind, string json)
    {
        var artifact = ArtifactJson.Parse(json, modelId);
        return new RegisteredModel(modelId, kind, artifact, artifact.CreateScorer());
    }
}
